import { configApiScenarios } from './testing/config-api.scenarios';
import { rulesAndListenersScenarios } from './testing/rules-listeners.scenarios';

describe('config API on PostgreSQL', () => configApiScenarios('postgres'));
describe('rules and listeners API on PostgreSQL', () => rulesAndListenersScenarios('postgres'));
