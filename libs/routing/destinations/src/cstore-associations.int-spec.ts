import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, Server, Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeElement, parseDataset } from '@axiom/dicom-io';
import { DestinationType } from '@axiom/domain';
import { CstoreAdapter } from './cstore.destination';
import type { OutgoingInstance } from './destination';
import { Storescp, freeLocalPort, outgoing, startStorescp, waitForPort } from './testing/cstore-peers';

const PEERS_DIR = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'peers');

/** A TCP relay that counts connections, and how many were open at once. */
async function countingRelay(
  port: number,
): Promise<{ port: number; total: () => number; maxOpen: () => number; close: () => Promise<void> }> {
  let open = 0;
  let maxOpen = 0;
  let total = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    total++;
    open++;
    maxOpen = Math.max(maxOpen, open);
    const upstream = connect({ host: '127.0.0.1', port });
    for (const s of [client, upstream]) sockets.add(s);
    client.pipe(upstream);
    upstream.pipe(client);
    const done = () => {
      client.destroy();
      upstream.destroy();
    };
    client.once('close', () => {
      open--;
      done();
    });
    client.on('error', done);
    upstream.on('error', done);
    upstream.once('close', done);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    total: () => total,
    maxOpen: () => maxOpen,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The HTJ2K sample lacks Patient ID and Study/Series UIDs, without which Orthanc stores nothing
 * (0xA700 whatever the syntax): a copy with them added, pixel data untouched.
 */
function withPatientAndStudy(instance: OutgoingInstance, path: string): OutgoingInstance {
  const buf = readFileSync(instance.path);
  const ds = buf.subarray(instance.datasetOffset);
  const explicit = { littleEndian: true, explicitVr: true };
  const before = parseDataset(ds, explicit).elements.find((el) => el.tag > 0x0020000e);
  if (!before) throw new Error('no element after the series UID');
  const uid = (n: number) => Buffer.from(`2.25.${Date.now()}${n}`.padEnd(26, '0'), 'latin1');
  const added = Buffer.concat([
    encodeElement(0x00100020, 'LO', Buffer.from('HTJ2K-TEST', 'latin1'), explicit),
    encodeElement(0x0020000d, 'UI', uid(1), explicit),
    encodeElement(0x0020000e, 'UI', uid(2), explicit),
  ]);
  writeFileSync(
    path,
    Buffer.concat([
      buf.subarray(0, instance.datasetOffset),
      ds.subarray(0, before.headerOffset),
      added,
      ds.subarray(before.headerOffset),
    ]),
  );
  return { ...instance, path };
}

const target = (port: number, aeTitle: string, config: Record<string, unknown> = {}) => ({
  id: 1,
  name: 'peer',
  backendType: DestinationType.Cstore,
  config: {
    remote_host: '127.0.0.1',
    remote_port: port,
    remote_ae_title: aeTitle,
    local_ae_title: 'AXIOM_TEST',
    ...config,
  },
});

describe('C-STORE destination: parallel associations and a real archive', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'axiom-cstore-assoc-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe('max_associations against storescp --fork', () => {
    let scp: Storescp;
    beforeAll(async () => {
      scp = await startStorescp(join(root, 'fork'), ['--fork']);
    });
    afterAll(() => scp.stop());

    it.each([[1], [3]])(
      'opens at most %i association(s) for 6 concurrent sends, and reuses them',
      async (max) => {
        const relay = await countingRelay(scp.port);
        const destination = new CstoreAdapter({ idleCloseMs: 5000, connectTimeoutMs: 5000, responseTimeoutMs: 20_000 });
        try {
          const results = await Promise.all(
            Array.from({ length: 6 }, () =>
              destination.send(
                outgoing('mr-explicit-le.dcm'),
                target(relay.port, 'STORESCP', { max_associations: max }),
              ),
            ),
          );
          expect(results.every((r) => r.detail.endsWith('status 0x0000'))).toBe(true);
          expect(relay.maxOpen()).toBe(max);
          expect(relay.total()).toBe(max);
        } finally {
          await destination.close();
          await relay.close();
        }
      },
      60_000,
    );
  });

  describe('Orthanc 1.10.1 (no HTJ2K decoder) as the receiver', () => {
    let httpPort: number;
    let pid: number;
    let destination: CstoreAdapter;
    let dicomPort: number;

    beforeAll(async () => {
      [httpPort, dicomPort] = [await freeLocalPort(), await freeLocalPort()];
      const out = execFileSync(
        join(PEERS_DIR, 'start-orthanc.sh'),
        [join(root, 'orthanc'), String(httpPort), String(dicomPort)],
        { timeout: 40_000 },
      );
      pid = Number(out.toString().trim().split('\n').pop());
      await waitForPort(dicomPort, 10_000);
      destination = new CstoreAdapter({ idleCloseMs: 200, connectTimeoutMs: 5000, responseTimeoutMs: 20_000 });
    }, 60_000);
    afterAll(async () => {
      await destination?.close();
      if (pid > 0) {
        process.kill(pid, 'SIGTERM');
        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline) {
          try {
            process.kill(pid, 0);
          } catch {
            break;
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    }, 30_000);

    async function storedSyntax(sopInstanceUid: string): Promise<string> {
      const lookup = await fetch(`http://127.0.0.1:${httpPort}/tools/lookup`, {
        method: 'POST',
        body: sopInstanceUid,
        signal: AbortSignal.timeout(5000),
      });
      const found = (await lookup.json()) as { ID: string; Type: string }[];
      const id = found.find((f) => f.Type === 'Instance')?.ID;
      if (!id) throw new Error(`Orthanc has no instance ${sopInstanceUid}`);
      const ts = await fetch(`http://127.0.0.1:${httpPort}/instances/${id}/metadata/TransferSyntax`, {
        signal: AbortSignal.timeout(5000),
      });
      return (await ts.text()).trim();
    }

    it('HTJ2K is refused as received, so it goes decoded to Explicit VR LE', async () => {
      const instance = withPatientAndStudy(outgoing('sc-htj2k-lossless-rgb.dcm'), join(root, 'htj2k-with-ids.dcm'));
      const result = await destination.send(instance, target(dicomPort, 'ORTHANC'));
      expect(result.detail).toContain(`transcoded ${instance.transferSyntaxUid} -> 1.2.840.10008.1.2.1`);
      expect(await storedSyntax(instance.sopInstanceUid)).toBe('1.2.840.10008.1.2.1');
    }, 30_000);

    it('HTJ2K with as_received_only fails permanently, naming the refusal', async () => {
      const err = await destination
        .send(
          outgoing('sc-htj2k-lossless-rgb.dcm'),
          target(dicomPort, 'ORTHANC', { transfer_syntax_policy: 'as_received_only' }),
        )
        .catch((e: unknown) => e as { permanent: boolean; message: string });
      expect(err).toMatchObject({
        permanent: true,
        message: expect.stringMatching(/ORTHANC@127\.0\.0\.1:\d+ refused the presentation context/),
      });
    }, 30_000);

    it('JPEG-LS, which Orthanc takes, goes as received', async () => {
      const instance = outgoing('mr-jpegls-lossless.dcm');
      const result = await destination.send(instance, target(dicomPort, 'ORTHANC'));
      expect(result.detail).not.toContain('transcoded');
      expect(await storedSyntax(instance.sopInstanceUid)).toBe(instance.transferSyntaxUid);
    }, 30_000);
  });
});
