import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKeyMaterial, loadMorphSecret } from '@axiom/secrets';
import { loadConfig } from '@axiom/platform-config';

describe('loadMorphSecret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-morph-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('embedded: generates the secret into keys.json (0600) once, and keeps it', () => {
    const config = loadConfig({ AXIOM_DATA_DIR: dir });
    const first = loadMorphSecret(config);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(loadMorphSecret(loadConfig({ AXIOM_DATA_DIR: dir }))).toBe(first);
    const file = JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')) as Record<string, string>;
    expect(file['morph_secret']).toBe(first);
    expect(statSync(join(dir, 'keys.json')).mode & 0o777).toBe(0o600);
    expect(loadKeyMaterial(config).tokenKey.length).toBeGreaterThan(0);
  });

  it('embedded: adds the secret to a key file written before it existed, keeping the other keys', () => {
    writeFileSync(
      join(dir, 'keys.json'),
      JSON.stringify({ secret_key: 's'.repeat(48), encryption_key: 'e'.repeat(64) }),
      { mode: 0o600 },
    );
    const secret = loadMorphSecret(loadConfig({ AXIOM_DATA_DIR: dir }));
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8'))).toEqual({
      secret_key: 's'.repeat(48),
      encryption_key: 'e'.repeat(64),
      morph_secret: secret,
    });
  });

  it('prefers AXIOM_MORPH_SECRET; the distributed mode requires it and never uses the key file', () => {
    expect(loadMorphSecret(loadConfig({ AXIOM_DATA_DIR: dir, AXIOM_MORPH_SECRET: 'from-env' }))).toBe('from-env');
    const distributed = loadConfig(
      { AXIOM_DATA_DIR: dir, DATABASE_URL: 'postgres://u@h/db', RABBITMQ_URL: 'amqp://h' },
      { requireDistributed: true },
    );
    expect(loadMorphSecret(distributed)).toBeUndefined();
    expect(loadMorphSecret({ ...distributed, morphSecret: 'shared' })).toBe('shared');
  });
});
