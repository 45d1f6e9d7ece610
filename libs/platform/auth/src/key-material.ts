import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    encryptionKey: encryptionKey !== null ? decodeEncryptionKey(encryptionKey) : Buffer.from(fromFile?.encryption_key ?? '', 'hex'),
  };
}

function readOrCreateKeyFile(config: AppConfig): { secret_key: string; encryption_key: string } {
  const file = join(config.dataDir, KEY_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { secret_key: string; encryption_key: string };
  if (config.mode === 'distributed') {
    new Logger('Auth').warn(`SECRET_KEY or AXIOM_ENCRYPTION_KEY not set: using keys generated in ${file}; set both when processes run on several hosts`);
  }
  const keys = { secret_key: randomBytes(48).toString('base64'), encryption_key: randomBytes(32).toString('hex') };
  mkdirSync(config.dataDir, { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // another process of the same data dir won the race: use its keys
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return JSON.parse(readFileSync(file, 'utf8')) as typeof keys;
    throw err;
  }
  chmodSync(file, 0o600);
  return keys;
}
