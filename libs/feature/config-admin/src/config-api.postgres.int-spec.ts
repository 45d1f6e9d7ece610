import { configApiScenarios } from './testing/config-api.scenarios';

describe('config API on PostgreSQL', () => configApiScenarios('postgres'));
