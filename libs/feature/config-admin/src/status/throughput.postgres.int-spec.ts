import { throughputScenarios } from './testing/throughput.scenarios';

describe('dashboard throughput on PostgreSQL', () => throughputScenarios('postgres'));
