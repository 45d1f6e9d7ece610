import { ingestScenarios } from './testing/ingest.scenarios';

describe('ingest on SQLite with failures on command', () => ingestScenarios('sqlite'));
