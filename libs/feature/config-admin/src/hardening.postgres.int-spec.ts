import { hardeningScenarios } from './testing/hardening.scenarios';

describe('hardening on PostgreSQL', () => hardeningScenarios('postgres'));
