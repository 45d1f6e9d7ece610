import { googleSignInScenarios } from './testing/google-sign-in.scenarios';

describe('Google sign-in on PostgreSQL', () => googleSignInScenarios('postgres'));
