import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@axiom/platform-config';

/** The two keys of the auth layer; never logged. */
export interface KeyMaterial {
  /** HMAC key of our access tokens. */
  tokenKey: Buffer;
  /** AES-256-GCM key of credentials at rest. */
  encryptionKey: Buffer;
}

export const KEY_MATERIAL = Symbol('KEY_MATERIAL');
const KEY_FILE = 'keys.json';

export function decodeEncryptionKey(text: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
}

/**
 * Keys from SECRET_KEY / AXIOM_ENCRYPTION_KEY; a key not given comes from `<data dir>/keys.json`,
 * created (mode 0600) on first use, so the embedded mode works without setup. In the distributed
 * mode every process must see the same keys: set the variables.
 */
export function loadKeyMaterial(config: AppConfig): KeyMaterial {
  const { secretKey, encryptionKey } = config.auth;
  const fromFile = secretKey === null || encryptionKey === null ? readOrCreateKeyFile(config) : null;
  return {
    tokenKey: Buffer.from(secretKey ?? fromFile?.secret_key ?? '', 'utf8'),
    encryptionKey:
      encryptionKey !== null ? decodeEncryptionKey(encryptionKey) : Buffer.from(fromFile?.encryption_key ?? '', 'hex'),
  };
}

interface KeyFile {
  secret_key: string;
  encryption_key: string;
  /** Key of hash_uid / shift_date (absent from files written before it existed). */
  morph_secret?: string;
}

/**
 * The key of the keyed morphing actions (hash_uid, shift_date): AXIOM_MORPH_SECRET, or in the
 * embedded mode `morph_secret` of `<data dir>/keys.json` (added to an older file on first use).
 * The distributed mode never falls back to the file: workers on several hosts would each make
 * their own key and remap the same UID differently, so there AXIOM_MORPH_SECRET is required
 * and keyed actions are refused without it (undefined).
 */
export function loadMorphSecret(config: AppConfig): string | undefined {
  if (config.morphSecret) return config.morphSecret;
  if (config.mode === 'distributed') return undefined;
  const keys = readOrCreateKeyFile(config);
  if (keys.morph_secret) return keys.morph_secret;
  const file = join(config.dataDir, KEY_FILE);
  const updated: KeyFile = { ...keys, morph_secret: randomBytes(32).toString('hex') };
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(updated), { mode: 0o600 });
  renameSync(temp, file);
  return updated.morph_secret;
}

function readOrCreateKeyFile(config: AppConfig): KeyFile {
  const file = join(config.dataDir, KEY_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  if (config.mode === 'distributed') {
    new Logger('Auth').warn(
      `SECRET_KEY or AXIOM_ENCRYPTION_KEY not set: using keys generated in ${file}; set both when processes run on several hosts`,
    );
  }
  const keys: KeyFile = {
    secret_key: randomBytes(48).toString('base64'),
    encryption_key: randomBytes(32).toString('hex'),
    morph_secret: randomBytes(32).toString('hex'),
  };
  mkdirSync(config.dataDir, { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // another process of the same data dir won the race: use its keys
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
    throw err;
  }
  chmodSync(file, 0o600);
  return keys;
}
