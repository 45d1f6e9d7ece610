import { hardeningScenarios } from './testing/hardening.scenarios';

describe('hardening on SQLite', () => hardeningScenarios('sqlite'));
