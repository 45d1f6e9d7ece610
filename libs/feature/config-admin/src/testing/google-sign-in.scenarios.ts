import { OIDC_CLIENT_ID, OidcStandIn } from '@axiom/testing';
import { createTestApp, type Dialect, type TestApp } from './test-app';

/** POST /auth/google against a local OpenID Connect stand-in. */
export function googleSignInScenarios(dialect: Dialect): void {
  const oidc = new OidcStandIn();
  let t: TestApp;

  beforeAll(async () => {
    await oidc.start();
    t = await createTestApp(
      dialect,
      oidc.env({
        GOOGLE_OAUTH_CLIENT_SECRET: 'test-secret',
        GOOGLE_OAUTH_REDIRECT_URI: 'http://127.0.0.1:8001/api/v1/auth/google/callback',
        GOOGLE_AUTHORIZATION_URL: `${oidc.issuer}/authorize`,
        GOOGLE_TOKEN_URL: `${oidc.issuer}/token`,
        AXIOM_CONSOLE_URL: 'http://console.local/',
        FIRST_SUPERUSER_EMAIL: 'boss@example.org',
        ALLOWED_EMAIL_DOMAINS: 'example.org',
        SIGN_IN_RATE_LIMIT_PER_MINUTE: '15',
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await oidc.stop();
  });

  const signIn = (token: string) => t.http().post('/api/v1/auth/google').send({ token });

  it('a valid token creates a User and returns our bearer token, which authenticates', async () => {
    const res = await signIn(await oidc.idToken({ sub: 'g-1', email: 'ana@example.org' })).expect(200);
    expect(res.body).toMatchObject({
      token_type: 'bearer',
      user: { email: 'ana@example.org', full_name: 'Test Person', roles: [expect.objectContaining({ name: 'User' })] },
    });
    const me = await t
      .http()
      .get('/api/v1/users/me')
      .set('Authorization', `Bearer ${res.body.access_token}`)
      .expect(200);
    expect(me.body.email).toBe('ana@example.org');
    await t
      .http()
      .post('/api/v1/config/storage-backends')
      .set('Authorization', `Bearer ${res.body.access_token}`)
      .send({})
      .expect(403);
    const again = await signIn(await oidc.idToken({ sub: 'g-1', email: 'ana@example.org' })).expect(200);
    expect(again.body.user.id).toBe(res.body.user.id);
  });

  it('FIRST_SUPERUSER_EMAIL gets Admin at first sign-in', async () => {
    const res = await signIn(await oidc.idToken({ sub: 'g-boss', email: 'boss@example.org' })).expect(200);
    expect(res.body.user.roles.map((r: { name: string }) => r.name).sort()).toEqual(['Admin', 'User']);
  });

  it.each([
    ['wrong audience', () => oidc.idToken({ sub: 'g-2', email: 'b@example.org', aud: 'someone-else' })],
    ['wrong signature', () => oidc.forgedIdToken({ sub: 'g-3', email: 'c@example.org' })],
    ['unverified email', () => oidc.idToken({ sub: 'g-4', email: 'd@example.org', email_verified: false })],
    ['wrong issuer', () => oidc.idToken({ sub: 'g-5', email: 'e@example.org', iss: 'https://evil.example' })],
    ['expired', () => oidc.idToken({ sub: 'g-6', email: 'f@example.org', exp: Math.floor(Date.now() / 1000) - 600 })],
    ['not a JWT', async () => 'garbage'],
  ])('401 for %s', async (_name, make) => {
    const res = await signIn(await make()).expect(401);
    expect(res.body.code).toBe('unauthorized');
  });

  it('403 for a domain outside ALLOWED_EMAIL_DOMAINS; 422 without a token; bad bearer tokens 401', async () => {
    await signIn(await oidc.idToken({ sub: 'g-7', email: 'x@elsewhere.com' })).expect(403);
    await t.http().post('/api/v1/auth/google').send({}).expect(422);
    await t.http().get('/api/v1/users/me').set('Authorization', 'Bearer not.a.token').expect(401);
    expect(OIDC_CLIENT_ID).toContain('apps.googleusercontent.com');
  });

  it('the browser redirect flow: login -> issuer -> callback -> console with our token', async () => {
    const login = await t.http().get('/api/v1/auth/google/login').expect(302);
    const toIssuer = new URL(login.headers['location'] as string);
    expect(`${toIssuer.origin}${toIssuer.pathname}`).toBe(`${oidc.issuer}/authorize`);
    expect(toIssuer.searchParams.get('client_id')).toBe(OIDC_CLIENT_ID);
    const authorize = await fetch(toIssuer, { redirect: 'manual' });
    const back = new URL(authorize.headers.get('location') ?? '');
    const done = await oidc.withTokenClaims({ email: 'redirect@example.org', email_verified: true }, async () =>
      t.http().get(`/api/v1/auth/google/callback${back.search}`).expect(302),
    );
    const landing = new URL(done.headers['location'] as string);
    expect(`${landing.origin}/`).toBe('http://console.local/');
    const token = new URLSearchParams(landing.hash.slice(1)).get('access_token') ?? '';
    const me = await t.http().get('/api/v1/users/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.email).toBe('redirect@example.org');
    // the same flow with an ID token lacking a verified email ends in 401, not in the console
    const unverified = await t.http().get(`/api/v1/auth/google/callback${back.search}`).expect(401);
    expect(unverified.body.code).toBe('unauthorized');
  });

  it('sign-in is rate limited per address (429)', async () => {
    let last = 0;
    for (let i = 0; i < 20 && last !== 429; i++) last = (await signIn('garbage')).status;
    expect(last).toBe(429);
  });
}
