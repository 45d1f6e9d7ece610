import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@axiom/platform-config';
import { enforceQuarantineRetention, removeStaleTemps } from './spool-retention';
import { SpoolService } from './spool.service';

const HOUR = 3600_000;

describe('spool retention', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-retention-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, bytes: number, ageMs: number): void => {
    writeFileSync(join(dir, name), Buffer.alloc(bytes));
    const at = (Date.now() - ageMs) / 1000;
    utimesSync(join(dir, name), at, at);
  };

  it('removes temp files older than the bound only, and nothing else', async () => {
    file('old.part', 10, 2 * HOUR);
    file('old.dcm.1234.tmp', 10, 2 * HOUR);
    file('fresh.part', 10, 60_000);
    file('kept.dcm', 10, 48 * HOUR);
    expect(await removeStaleTemps(dir, HOUR)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['fresh.part', 'kept.dcm']);
    expect(await removeStaleTemps(join(dir, 'missing'), HOUR)).toBe(0);
  });

  it('drops rejected uploads (with their notes) past the age, then the oldest until the rest fit the size cap', async () => {
    file('a.dcm', 100, 40 * 24 * HOUR);
    file('a.dcm.txt', 5, 40 * 24 * HOUR);
    file('b.dcm', 300, 3 * HOUR);
    file('b.dcm.txt', 5, 3 * HOUR);
    file('c.dcm', 300, 2 * HOUR);
    file('c.dcm.txt', 5, 2 * HOUR);
    file('d.dcm', 300, HOUR);
    const result = await enforceQuarantineRetention(dir, { maxAgeMs: 30 * 24 * HOUR, maxBytes: 700 });
    expect(result).toEqual({ removed: 2, keptBytes: 605 });
    expect(readdirSync(dir).sort()).toEqual(['c.dcm', 'c.dcm.txt', 'd.dcm']);
  });
});

describe('SpoolService file modes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-spool-modes-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates private folders and files by default (0700 / 0600), and the configured modes when set', async () => {
    const spool = new SpoolService(loadConfig({ AXIOM_DATA_DIR: dir }));
    await spool.init();
    const incoming = join(spool.incomingDir, 'upload.part');
    writeFileSync(incoming, 'x', { mode: 0o644 });
    const { path: committed, durable } = await spool.commit(incoming);
    await durable;
    const output = spool.outputPath(1, 'k');
    await spool.writeDurably(output, Buffer.from('y'));
    writeFileSync(join(spool.incomingDir, 'bad.part'), 'z', { mode: 0o644 });
    const rejected = await spool.quarantine(join(spool.incomingDir, 'bad.part'), 'why');
    for (const f of [committed, output, rejected, `${rejected}.txt`]) expect(statSync(f).mode & 0o777).toBe(0o600);
    for (const d of [join(dir, 'spool'), spool.incomingDir, spool.outputsDir, join(dir, 'errors'), spool.rejectedDir])
      expect(statSync(d).mode & 0o777).toBe(0o700);

    const shared = new SpoolService(
      loadConfig({ AXIOM_DATA_DIR: join(dir, 'shared'), AXIOM_FILE_MODE: '0640', AXIOM_DIR_MODE: '750' }),
    );
    await shared.init();
    const sharedOut = shared.outputPath(2, 'k');
    await shared.writeDurably(sharedOut, Buffer.from('y'));
    expect(statSync(sharedOut).mode & 0o777).toBe(0o640);
    expect(statSync(shared.outputsDir).mode & 0o777).toBe(0o750);
  });

  it("refuses a mode that takes the owner's own access away", () => {
    expect(() => loadConfig({ AXIOM_DATA_DIR: dir, AXIOM_FILE_MODE: '0400' })).toThrow(
      /AXIOM_FILE_MODE must be an octal mode/,
    );
    expect(() => loadConfig({ AXIOM_DATA_DIR: dir, AXIOM_DIR_MODE: '0600' })).toThrow(/AXIOM_DIR_MODE/);
    expect(() => loadConfig({ AXIOM_DATA_DIR: dir, AXIOM_FILE_MODE: 'rw-------' })).toThrow(/AXIOM_FILE_MODE/);
  });
});
