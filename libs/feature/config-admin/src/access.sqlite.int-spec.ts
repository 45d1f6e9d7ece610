import { accessScenarios } from './testing/access.scenarios';
import { sourcesAndStatusScenarios } from './testing/sources-status.scenarios';

describe('keys, users, roles and audit on SQLite', () => accessScenarios('sqlite'));
describe('sources, status and ledger on SQLite', () => sourcesAndStatusScenarios('sqlite'));
