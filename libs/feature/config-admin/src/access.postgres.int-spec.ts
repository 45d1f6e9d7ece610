import { accessScenarios } from './testing/access.scenarios';

describe('keys, users, sources, audit, status on PostgreSQL', () => accessScenarios('postgres'));
