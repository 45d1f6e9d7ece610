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
    scrypt(key, salt, SCRYPT_KEYLEN, { N: 16384, r: 8, p: 1 }, (err, derived) => (err ? reject(err) : resolve(derived)));
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

/**
 * Remembers which (key, stored hash) pairs verified, so that scrypt runs once per key and not on
 * every request. Keyed by a SHA-256 of the key, so the cache never holds a usable key.
 */
export class VerifiedKeyCache {
  private readonly verified = new Map<string, string>();

  constructor(private readonly maxEntries = 1000) {}

  async verify(fullKey: string, stored: string): Promise<boolean> {
    const digest = createHash('sha256').update(fullKey).digest('hex');
    const known = this.verified.get(digest);
    if (known !== undefined && known.length === stored.length && timingSafeEqual(Buffer.from(known), Buffer.from(stored))) return true;
    if (!(await verifyApiKey(fullKey, stored))) return false;
    if (this.verified.size >= this.maxEntries) this.verified.clear();
    this.verified.set(digest, stored);
    return true;
  }
}
