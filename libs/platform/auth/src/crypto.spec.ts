import { generateApiKey, hashApiKey, parseApiKey, verifyApiKey, VerifiedKeyCache } from './api-key-hasher';
import { RateLimiter } from './rate-limiter';

describe('API key hashing', () => {
  it('generates prefix_secret keys that verify against their hash only', async () => {
    const { prefix, fullKey } = generateApiKey();
    expect(fullKey).toMatch(/^[A-Za-z0-9]{8}_[A-Za-z0-9]{40}$/);
    expect(parseApiKey(fullKey)).toEqual({ prefix, fullKey });
    const stored = await hashApiKey(fullKey);
    expect(stored).not.toContain(fullKey.split('_')[1]);
    await expect(verifyApiKey(fullKey, stored)).resolves.toBe(true);
    await expect(verifyApiKey(`${fullKey}x`, stored)).resolves.toBe(false);
    await expect(verifyApiKey(fullKey, 'garbage')).resolves.toBe(false);
    let now = 0;
    const cache = new VerifiedKeyCache(30_000, 1000, () => now);
    expect(cache.knows(fullKey, 1, stored)).toBe(false);
    cache.remember(fullKey, 1, stored);
    expect(cache.knows(fullKey, 1, stored)).toBe(true);
    expect(cache.knows(fullKey, 1, await hashApiKey('other_0123456789abcdef0123'))).toBe(false);
    expect(cache.knows(fullKey, 2, stored)).toBe(false);
    expect(cache.knows(`${fullKey}x`, 1, stored)).toBe(false);
    now = 30_000; // the TTL passed: scrypt again
    expect(cache.knows(fullKey, 1, stored)).toBe(false);
    cache.remember(fullKey, 1, stored);
    cache.forget(1); // revoked or updated
    expect(cache.knows(fullKey, 1, stored)).toBe(false);
  });

  it('rejects text that is not a key', () => {
    expect(parseApiKey('nounderscore')).toBeNull();
    expect(parseApiKey('ab_0123456789abcdef')).toBeNull();
    expect(parseApiKey('abcd_short')).toBeNull();
  });
});

describe('RateLimiter', () => {
  it('allows N per minute per key, then 429 until the window passes', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 3; i++) limiter.consume('a', 3);
    expect(() => limiter.consume('a', 3)).toThrow(expect.objectContaining({ code: 'rate_limited' }));
    limiter.consume('b', 3);
    now = 60_000;
    expect(() => limiter.consume('a', 3)).not.toThrow();
  });

  it('take counts without throwing and refund gives a hit back', () => {
    const limiter = new RateLimiter(() => 0);
    expect([limiter.take('k', 2), limiter.take('k', 2), limiter.take('k', 2)]).toEqual([true, true, false]);
    limiter.refund('k');
    limiter.refund('k');
    expect(limiter.take('k', 2)).toBe(true);
  });
});
