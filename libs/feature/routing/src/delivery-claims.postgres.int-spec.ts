import { deliveryClaimScenarios } from './testing/delivery-claims.scenarios';

describe('delivery claims, outcomes and the error path on PostgreSQL', () => deliveryClaimScenarios('postgres'));
