import { keyedActionScenarios, routingScenarios } from './testing/routing.scenarios';

describe('routing and delivery on SQLite', () => routingScenarios('sqlite'));
describe('keyed actions and retries on SQLite', () => keyedActionScenarios('sqlite'));
