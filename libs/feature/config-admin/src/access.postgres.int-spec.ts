import { accessScenarios } from './testing/access.scenarios';
import { sourcesAndStatusScenarios } from './testing/sources-status.scenarios';

describe('keys, users, roles and audit on PostgreSQL', () => accessScenarios('postgres'));
describe('sources, status and ledger on PostgreSQL', () => sourcesAndStatusScenarios('postgres'));
