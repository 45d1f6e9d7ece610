import { ledgerScenarios } from './testing/ledger.scenarios';

describe('ledger routes on PostgreSQL', () => ledgerScenarios('postgres'));
