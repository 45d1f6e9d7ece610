import { configApiScenarios } from './testing/config-api.scenarios';
import { rulesAndListenersScenarios } from './testing/rules-listeners.scenarios';

describe('config API on SQLite', () => configApiScenarios('sqlite'));
describe('rules and listeners API on SQLite', () => rulesAndListenersScenarios('sqlite'));
