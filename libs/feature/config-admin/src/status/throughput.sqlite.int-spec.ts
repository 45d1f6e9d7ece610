import { throughputScenarios } from './testing/throughput.scenarios';

describe('dashboard throughput on SQLite', () => throughputScenarios('sqlite'));
