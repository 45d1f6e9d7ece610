import { breakerScenarios } from './testing/breaker.scenarios';

describe('storage backend circuit breaker on PostgreSQL', () => breakerScenarios('postgres'));
