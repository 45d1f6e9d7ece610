import { configApiScenarios } from './testing/config-api.scenarios';

describe('config API on SQLite', () => configApiScenarios('sqlite'));
