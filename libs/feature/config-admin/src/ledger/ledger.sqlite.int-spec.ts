import { ledgerScenarios } from './testing/ledger.scenarios';

describe('ledger routes on SQLite', () => ledgerScenarios('sqlite'));
