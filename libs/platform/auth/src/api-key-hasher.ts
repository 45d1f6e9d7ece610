import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const KEY_PATTERN = /^([A-Za-z0-9]{4,16})_([A-Za-z0-9]{16,128})$/;
const SCRYPT_KEYLEN = 32;

function randomAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** A new key `prefix_secret`: 8 + 40 characters of [A-Za-z0-9] (about 238 bits of secret). */
export function generateApiKey(): { prefix: string; fullKey: string } {
  const prefix = randomAlnum(8);
  return { prefix, fullKey: `${prefix}_${randomAlnum(40)}` };
}

/** Splits `prefix_secret`; null when the text is not a key of our form. */
export function parseApiKey(text: string): { prefix: string; fullKey: string } | null {
  const m = KEY_PATTERN.exec(text.trim());
  return m && m[1] ? { prefix: m[1], fullKey: m[0] } : null;
}

function scryptAsync(key: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(key, salt, SCRYPT_KEYLEN, { N: 16384, r: 8, p: 1 }, (err, derived) =>
      err ? reject(err) : resolve(derived),
    );
  });
}

/** scrypt hash of the whole key, stored as `salt:hash` in hex. */
export async function hashApiKey(fullKey: string): Promise<string> {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${(await scryptAsync(fullKey, salt)).toString('hex')}`;
}

/** Constant-time comparison of a presented key against its stored hash. */
export async function verifyApiKey(fullKey: string, stored: string): Promise<boolean> {
  const [saltHex, hashHex] = stored.split(':');
  if (!saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = await scryptAsync(fullKey, Buffer.from(saltHex, 'hex'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** How long a verified key is trusted without scrypt (its row is still read on every request). */
export const VERIFIED_KEY_TTL_MS = 30_000;

interface VerifiedKey {
  keyId: number;
  stored: string;
  until: number;
}

/**
 * Remembers which keys verified against which stored hash, for a short while, so that scrypt runs
 * about once per key and half minute and not on every request. Keyed by a SHA-256 of the whole
 * key (fast, and the cache never holds a usable key); entries of a key are dropped when the key is
 * revoked or changed.
 */
export class VerifiedKeyCache {
  private readonly verified = new Map<string, VerifiedKey>();

  constructor(
    private readonly ttlMs = VERIFIED_KEY_TTL_MS,
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this key verified against this very stored hash within the TTL. */
  knows(fullKey: string, keyId: number, stored: string): boolean {
    const digest = digestOf(fullKey);
    const known = this.verified.get(digest);
    if (!known) return false;
    if (known.until <= this.now()) {
      this.verified.delete(digest);
      return false;
    }
    return (
      known.keyId === keyId &&
      known.stored.length === stored.length &&
      timingSafeEqual(Buffer.from(known.stored), Buffer.from(stored))
    );
  }

  remember(fullKey: string, keyId: number, stored: string): void {
    if (this.verified.size >= this.maxEntries) this.dropExpired();
    if (this.verified.size >= this.maxEntries) this.verified.clear();
    this.verified.set(digestOf(fullKey), { keyId, stored, until: this.now() + this.ttlMs });
  }

  /** Forgets every verification of a key (revoked, updated or deleted). */
  forget(keyId: number): void {
    for (const [digest, entry] of this.verified) if (entry.keyId === keyId) this.verified.delete(digest);
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [digest, entry] of this.verified) if (entry.until <= now) this.verified.delete(digest);
  }
}

function digestOf(fullKey: string): string {
  return createHash('sha256').update(fullKey).digest('hex');
}
