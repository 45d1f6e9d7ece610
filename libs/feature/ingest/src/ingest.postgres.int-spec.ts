import { ingestScenarios } from './testing/ingest.scenarios';

describe('ingest on PostgreSQL with failures on command', () => ingestScenarios('postgres'));
