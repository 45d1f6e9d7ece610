import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageBackendType } from '@axiom/domain';
import { DeliveryError } from './destination';
import { FilesystemDestination } from './filesystem.destination';

describe('FilesystemDestination', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'axiom-fs-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const target = (path: unknown) => ({ id: 1, name: 'fs', backendType: StorageBackendType.Filesystem, config: { path } });
  const instance = (over: Record<string, unknown> = {}) => ({
    path: join(dir, 'src.dcm'), datasetOffset: 0, sopClassUid: '1.2', sopInstanceUid: '1.2.3', studyInstanceUid: '1.2.4', seriesInstanceUid: '1.2.5', transferSyntaxUid: '1.2.840.10008.1.2.1', ...over,
  });

  it('writes <path>/<Study>/<Series>/<SOP>.dcm with the exact bytes and no temp file left', async () => {
    writeFileSync(join(dir, 'src.dcm'), Buffer.from('DICOM BYTES'));
    const result = await new FilesystemDestination().send(instance(), target(join(dir, 'out')));
    expect(result.detail).toBe(join(dir, 'out', '1.2.4', '1.2.5', '1.2.3.dcm'));
    expect(readFileSync(result.detail, 'latin1')).toBe('DICOM BYTES');
    expect(readdirSync(join(dir, 'out', '1.2.4', '1.2.5'))).toEqual(['1.2.3.dcm']);
  });

  it('files objects without study or series UID under "unknown"', async () => {
    writeFileSync(join(dir, 'src.dcm'), Buffer.from('X'));
    const result = await new FilesystemDestination().send(instance({ studyInstanceUid: null, seriesInstanceUid: null }), target(join(dir, 'out')));
    expect(result.detail).toBe(join(dir, 'out', 'unknown', 'unknown', '1.2.3.dcm'));
  });

  it('refuses a UID that could escape the folder, permanently', async () => {
    writeFileSync(join(dir, 'src.dcm'), Buffer.from('X'));
    const err = await new FilesystemDestination().send(instance({ sopInstanceUid: '../../etc/passwd' }), target(join(dir, 'out'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).permanent).toBe(true);
  });

  it('fails (retryably) when the source is missing, and permanently without a path', async () => {
    const missing = await new FilesystemDestination().send(instance(), target(join(dir, 'out'))).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DeliveryError);
    expect((missing as DeliveryError).permanent).toBe(false);
    const noPath = await new FilesystemDestination().send(instance(), target('')).catch((e: unknown) => e);
    expect((noPath as DeliveryError).permanent).toBe(true);
  });
});
