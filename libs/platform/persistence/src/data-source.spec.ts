import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './data-source';

describe('the SQLite file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-sqlite-mode-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created private (0600 in a 0700 folder) with its WAL, and an older world-readable file is narrowed', async () => {
    const path = join(dir, 'data', 'axiom.sqlite');
    const ds = await openDatabase({ databaseUrl: null, sqlitePath: path }, { migrate: true });
    try {
      await ds.query('SELECT 1');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    } finally {
      await ds.destroy();
    }
    const old = join(dir, 'old.sqlite');
    writeFileSync(old, '', { mode: 0o644 });
    const again = await openDatabase(
      { databaseUrl: null, sqlitePath: old, files: { fileMode: 0o640, dirMode: 0o750 } },
      { migrate: false },
    );
    await again.destroy();
    expect(statSync(old).mode & 0o777).toBe(0o640);
  });
});
