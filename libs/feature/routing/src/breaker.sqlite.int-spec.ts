import { breakerScenarios } from './testing/breaker.scenarios';

describe('storage backend circuit breaker on SQLite', () => breakerScenarios('sqlite'));
