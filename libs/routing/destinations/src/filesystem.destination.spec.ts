import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DestinationType } from '@axiom/domain';
import { DeliveryError } from './destination';
import { FilesystemAdapter } from './filesystem.destination';

describe('FilesystemAdapter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-fs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const target = (path: unknown) => ({ id: 1, name: 'fs', backendType: DestinationType.Filesystem, config: { path } });
  const instance = (over: Record<string, unknown> = {}) => ({
    path: join(dir, 'src.dcm'),
    datasetOffset: 0,
    sopClassUid: '1.2',
    sopInstanceUid: '1.2.3',
    studyInstanceUid: '1.2.4',
    seriesInstanceUid: '1.2.5',
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    ...over,
  });

  it('writes <path>/<Study>/<Series>/<SOP>.dcm with the exact bytes and no temp file left', async () => {
    writeFileSync(join(dir, 'src.dcm'), Buffer.from('DICOM BYTES'));
    const result = await new FilesystemAdapter().send(instance(), target(join(dir, 'out')));
    expect(result.detail).toBe(join(dir, 'out', '1.2.4', '1.2.5', '1.2.3.dcm'));
    expect(readFileSync(result.detail, 'latin1')).toBe('DICOM BYTES');
    expect(readdirSync(join(dir, 'out', '1.2.4', '1.2.5'))).toEqual(['1.2.3.dcm']);
    expect(readdirSync(join(dir, 'out', '.axiom-tmp'))).toEqual([]);
  });

  it('hard-links the durable source on its own file system, and copies onto another one', async () => {
    writeFileSync(join(dir, 'src.dcm'), Buffer.from('DICOM BYTES'), { mode: 0o600 });
    const linked = await new FilesystemAdapter().send(instance(), target(join(dir, 'out')));
    expect(statSync(linked.detail).ino).toBe(statSync(join(dir, 'src.dcm')).ino);
    // /dev/shm is a tmpfs: link(2) from the temp folder's file system fails with EXDEV there
    const other = mkdtempSync(join('/dev/shm', 'axiom-fs-'));
    try {
      expect(statSync(other).dev).not.toBe(statSync(dir).dev);
      const destination = new FilesystemAdapter();
      for (const sop of ['1.2.7', '1.2.8']) {
        const copied = await destination.send(instance({ sopInstanceUid: sop }), target(other));
        expect(statSync(copied.detail).nlink).toBe(1);
        expect(readFileSync(copied.detail, 'latin1')).toBe('DICOM BYTES');
      }
      expect(readdirSync(join(other, '.axiom-tmp'))).toEqual([]);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('makes its folders again when they were removed while it runs (a watch folder emptied)', async () => {
    writeFileSync(join(dir, 'src.dcm'), Buffer.from('FIRST'));
    const destination = new FilesystemAdapter();
    await destination.send(instance(), target(join(dir, 'out')));
    rmSync(join(dir, 'out'), { recursive: true, force: true });
    writeFileSync(join(dir, 'src.dcm'), Buffer.from('SECOND'));
    const again = await destination.send(instance({ sopInstanceUid: '1.2.6' }), target(join(dir, 'out')));
    expect(readFileSync(again.detail, 'latin1')).toBe('SECOND');
    expect(readdirSync(join(dir, 'out', '.axiom-tmp'))).toEqual([]);
  });

  it('files objects without study or series UID under "unknown"', async () => {
    writeFileSync(join(dir, 'src.dcm'), Buffer.from('X'));
    const result = await new FilesystemAdapter().send(
      instance({ studyInstanceUid: null, seriesInstanceUid: null }),
      target(join(dir, 'out')),
    );
    expect(result.detail).toBe(join(dir, 'out', 'unknown', 'unknown', '1.2.3.dcm'));
  });

  it.each([
    ['..', '..', '1.2.3'],
    ['.', '..', '../../etc/passwd'],
    ['1.2/../..', '/tmp', '.hidden'],
  ])(
    'files Study "%s" / Series "%s" / SOP "%s" under safe fallback names inside the folder',
    async (study, series, sop) => {
      writeFileSync(join(dir, 'src.dcm'), Buffer.from('X'));
      const out = join(dir, 'deep', 'out');
      const result = await new FilesystemAdapter().send(
        instance({ studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: sop }),
        target(out),
      );
      expect(result.detail.startsWith(`${out}/`)).toBe(true);
      const [studyDir, seriesDir, name] = result.detail.slice(out.length + 1).split('/');
      expect(studyDir).toMatch(/^invalid-[0-9a-f]{16}$/);
      expect(seriesDir).toMatch(/^invalid-[0-9a-f]{16}$/);
      expect(name).toMatch(sop === '1.2.3' ? /^1\.2\.3\.dcm$/ : /^invalid-[0-9a-f]{16}\.dcm$/);
      expect(readdirSync(join(dir, 'deep')).sort()).toEqual(['out']);
      expect(readdirSync(dir).sort()).toEqual(['deep', 'src.dcm']);
    },
  );

  it('creates private files and folders by default, and the configured modes when asked', async () => {
    writeFileSync(join(dir, 'src.dcm'), Buffer.from('X'), { mode: 0o644 });
    const priv = await new FilesystemAdapter().send(instance(), target(join(dir, 'private')));
    expect(statSync(priv.detail).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'private', '1.2.4')).mode & 0o777).toBe(0o700);
    const shared = await new FilesystemAdapter({ fileMode: 0o640, dirMode: 0o750 }).send(
      instance(),
      target(join(dir, 'shared')),
    );
    expect(statSync(shared.detail).mode & 0o777).toBe(0o640);
    expect(statSync(join(dir, 'shared', '1.2.4', '1.2.5')).mode & 0o777).toBe(0o750);
  });

  it('writes temps under a hidden name in a hidden folder, and cleans up those of dead writers', async () => {
    writeFileSync(join(dir, 'src.dcm'), Buffer.from('X'));
    const out = join(dir, 'out');
    const fsDest = new FilesystemAdapter();
    await fsDest.send(instance(), target(out));
    expect(readdirSync(out).sort()).toEqual(['.axiom-tmp', '1.2.4']);
    const host = hostname().replace(/[^A-Za-z0-9-]/g, '-');
    const dead = `.${host}_999999_${randomUUID()}.part`;
    const live = `.${host}_${process.pid}_${randomUUID()}.part`;
    const stranger = `.other-host_999999_${randomUUID()}.part`;
    for (const n of [dead, live, stranger]) writeFileSync(join(out, '.axiom-tmp', n), 'partial');
    expect(await fsDest.cleanUp(target(out))).toBe(1);
    expect(readdirSync(join(out, '.axiom-tmp')).sort()).toEqual([live, stranger].sort());
  });

  it('fails (retryably) when the source is missing, and permanently without a path', async () => {
    const missing = await new FilesystemAdapter().send(instance(), target(join(dir, 'out'))).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DeliveryError);
    expect((missing as DeliveryError).permanent).toBe(false);
    const noPath = await new FilesystemAdapter().send(instance(), target('')).catch((e: unknown) => e);
    expect((noPath as DeliveryError).permanent).toBe(true);
  });
});
