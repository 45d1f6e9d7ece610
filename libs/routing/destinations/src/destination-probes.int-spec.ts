import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DestinationType } from '@axiom/domain';
import { CstoreAdapter } from './cstore.destination';
import { FilesystemAdapter } from './filesystem.destination';
import { freeLocalPort, startStatusScp } from './testing/cstore-peers';

jest.setTimeout(30_000);

describe('the reachability checks of the filesystem and C-STORE destinations', () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'axiom-probe-spec-'));
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('filesystem: a folder it can make and write is ok; a path under a file fails at mkdir', async () => {
    const destination = new FilesystemAdapter();
    const target = (path: string) => ({ id: 1, name: 'fs', backendType: DestinationType.Filesystem, config: { path } });
    await expect(destination.probe(target(join(work, 'new', 'out')))).resolves.toMatchObject({
      ok: true,
      step: 'write',
    });
    writeFileSync(join(work, 'a-file'), 'x');
    await expect(destination.probe(target(join(work, 'a-file', 'out')))).resolves.toMatchObject({
      ok: false,
      step: 'mkdir',
    });
    await expect(destination.probe(target(''))).resolves.toMatchObject({ ok: false, step: 'config' });
  });

  it('cstore: C-ECHO to a live SCP succeeds; nothing listening fails at associate', async () => {
    const scp = await startStatusScp(() => 0);
    const destination = new CstoreAdapter({ idleCloseMs: 100, connectTimeoutMs: 2000, responseTimeoutMs: 5000 });
    const target = (port: number) => ({
      id: 2,
      name: 'pacs',
      backendType: DestinationType.Cstore,
      config: {
        remote_ae_title: 'STORESCP',
        remote_host: '127.0.0.1',
        remote_port: port,
        local_ae_title: 'AXIOM_STORE_SCU',
      },
    });
    try {
      await expect(destination.probe(target(scp.port))).resolves.toMatchObject({
        ok: true,
        step: 'echo',
        message: expect.stringContaining('C-ECHO with success'),
      });
      await expect(destination.probe(target(await freeLocalPort()))).resolves.toMatchObject({
        ok: false,
        step: 'associate',
      });
    } finally {
      await destination.close();
      await scp.close();
    }
  });
});
