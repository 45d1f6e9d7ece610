import type { CredentialStore } from '@axiom/persistence';
import type { AppConfig } from '@axiom/platform-config';
import type { AccessTokenService } from './access-token.service';
import { hashApiKey } from './api-key-hasher';
import type { AuthenticatedRequest } from './identity';
import { IdentityResolver } from './identity-resolver.service';
import { RateLimiter } from './rate-limiter';

const LIMIT = 3;
const KEY = 'Prefix01_0123456789abcdefghijABCDEFGHIJ0123456789';

async function resolverWithOneKey(): Promise<IdentityResolver> {
  const row = {
    id: 1,
    prefix: 'Prefix01',
    hashedKey: await hashApiKey(KEY),
    isActive: true,
    expiresAt: null,
    lastUsedAt: new Date(),
    user: { id: 9, email: 'u@example.org', isActive: true, roles: [{ name: 'User' }] },
  };
  const credentials = {
    apiKeyByPrefix: (prefix: string) => Promise.resolve(prefix === row.prefix ? row : null),
    touchApiKey: () => Promise.resolve(),
  };
  const config = { auth: { signInRatePerMinute: LIMIT, apiKeyRatePerMinute: 1000 } } as AppConfig;
  return new IdentityResolver(
    credentials as unknown as CredentialStore,
    config,
    {} as AccessTokenService,
    new RateLimiter(),
  );
}

function from(ip: string, key: string): AuthenticatedRequest {
  return { headers: { 'x-api-key': key }, ip } as unknown as AuthenticatedRequest;
}

describe('IdentityResolver: the bad-key throttle runs before scrypt', () => {
  it('per prefix: wrong secrets from many addresses fill the prefix window; then even the right key needs to wait, unless verified lately', async () => {
    const resolver = await resolverWithOneKey();
    await expect(resolver.resolve(from('10.0.0.1', KEY))).resolves.toMatchObject({ userId: 9, apiKeyId: 1 });
    const codes: string[] = [];
    for (let i = 0; i < LIMIT + 1; i++) {
      codes.push(
        await resolver.resolve(from(`10.1.0.${i}`, `Prefix01_wrongwrongwrongwrong${i}`)).then(
          () => 'ok',
          (e: { code: string }) => e.code,
        ),
      );
    }
    expect(codes).toEqual([...Array(LIMIT).fill('unauthorized'), 'rate_limited']);
    // verified within the last 30 s: no scrypt, not throttled, from anywhere
    await expect(resolver.resolve(from('10.2.0.1', KEY))).resolves.toMatchObject({ apiKeyId: 1 });
    // revoked/updated: forgotten, so the next use needs scrypt, and the prefix window is full
    resolver.forgetApiKey(1);
    await expect(resolver.resolve(from('10.2.0.2', KEY))).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('per address: wrong keys of any prefix fill the address window; a good key verified there gives its hit back', async () => {
    const resolver = await resolverWithOneKey();
    for (let i = 0; i < 10; i++) await expect(resolver.resolve(from('10.9.9.9', KEY))).resolves.toBeTruthy();
    resolver.forgetApiKey(1);
    for (let i = 0; i < 10; i++) {
      resolver.forgetApiKey(1);
      await expect(resolver.resolve(from('10.9.9.9', KEY))).resolves.toBeTruthy(); // refunded: never fills up
    }
    for (let i = 0; i < LIMIT; i++)
      await expect(resolver.resolve(from('10.9.9.8', `Other${i}xx_wrongwrongwrongwrong`))).rejects.toMatchObject({
        code: 'unauthorized',
      });
    await expect(resolver.resolve(from('10.9.9.8', `Prefix01_wrongwrongwrongwrong`))).rejects.toMatchObject({
      code: 'rate_limited',
    });
  });
});
