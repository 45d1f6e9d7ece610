import { keyedActionScenarios, routingScenarios } from './testing/routing.scenarios';

describe('routing and delivery on PostgreSQL', () => routingScenarios('postgres'));
describe('keyed actions and retries on PostgreSQL', () => keyedActionScenarios('postgres'));
