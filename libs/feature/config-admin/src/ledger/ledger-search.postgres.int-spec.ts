import { ledgerSearchScenarios } from './testing/ledger-search.scenarios';

describe('instance search and bulk retry on PostgreSQL', () => ledgerSearchScenarios('postgres'));
