import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPart10Layout } from '@axiom/dicom-io';
import { DestinationType } from '@axiom/domain';
import { CstoreAdapter } from './cstore.destination';
import { DeliveryError } from './destination';
import { Storescp, freeLocalPort, outgoing, startStatusScp, startStorescp } from './testing/cstore-peers';
import { splicedOutgoing } from './testing/outgoing-samples';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
/** HTJ2K is unknown to dcmtk 3.6.7; JPEG Process 14 (non-SV1) is not in storescp's +xa list. */
const NOT_IN_STORESCP_XA = ['sc-htj2k-lossless-rgb.dcm', 'ct-enhanced-2frame-jpeg-lossless-p14-fragmented.dcm'];

/** Every compressed valid sample (deflate included: storescp takes it only with +xa). */
const COMPRESSED = [
  'sc-rgb-jpeg-baseline-utf8.dcm',
  'us-multiframe-jpeg-baseline-ybr.dcm',
  'us-multiframe-jpeg-fragmented-bad-charset-term.dcm',
  'nm-jpeg-extended-12bit.dcm',
  'nm-jpeg-lossless-sv1.dcm',
  'ct-enhanced-2frame-jpeg-lossless-p14-fragmented.dcm',
  'mr-jpegls-lossless.dcm',
  'sc-jpegls-near-lossless.dcm',
  'mr-rle.dcm',
  'us-multiframe-rle-palette.dcm',
  'mr-jpeg2000-lossless.dcm',
  'nm-jpeg2000-lossy.dcm',
  'cr-jpeg2000-lossy.dcm',
  'sc-htj2k-lossless-rgb.dcm',
  'sc-deflated.dcm',
];

const target = (port: number, config: Record<string, unknown> = {}) => ({
  id: 1,
  name: 'storescp',
  backendType: DestinationType.Cstore,
  config: {
    remote_host: '127.0.0.1',
    remote_port: port,
    remote_ae_title: 'STORESCP',
    local_ae_title: 'AXIOM_TEST',
    ...config,
  },
});

/** Sends one instance and returns the file storescp wrote for it (the one new file in its folder). */
async function sendAndCollect(
  destination: CstoreAdapter,
  scp: Storescp,
  name: string,
  config: Record<string, unknown> = {},
) {
  // samples of one data set in several syntaxes share a SOP Instance UID, which names storescp's file
  for (const f of readdirSync(scp.dir)) rmSync(join(scp.dir, f), { force: true });
  const result = await destination.send(outgoing(name), target(scp.port, config));
  const added = readdirSync(scp.dir);
  expect(added).toHaveLength(1);
  return { result, file: join(scp.dir, added[0] ?? '') };
}

function datasetOf(path: string): { ts: string; bytes: Buffer } {
  const buf = readFileSync(path);
  const layout = readPart10Layout(buf);
  return { ts: layout.transferSyntaxUid, bytes: buf.subarray(layout.datasetOffset) };
}

describe('C-STORE destination: transfer syntax policy against dcmtk storescp', () => {
  let root: string;
  let destination: CstoreAdapter;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'axiom-cstore-ts-'));
  });
  beforeEach(() => {
    destination = new CstoreAdapter({ idleCloseMs: 200, connectTimeoutMs: 5000, responseTimeoutMs: 20_000 });
  });
  afterEach(() => destination.close());
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe('storescp without +xa (uncompressed only)', () => {
    let scp: Storescp;
    beforeAll(async () => {
      scp = await startStorescp(join(root, 'plain'), []);
    });
    afterAll(() => scp.stop());

    it.each(COMPRESSED)(
      '%s arrives decoded to Explicit VR LE and dcmdump accepts it',
      async (name) => {
        const source = outgoing(name);
        const { result, file } = await sendAndCollect(destination, scp, name);
        expect(result.detail).toContain(`transcoded ${source.transferSyntaxUid} -> ${EXPLICIT_LE}`);
        expect(result.detail).toMatch(/status 0x0000$/);
        expect(datasetOf(file).ts).toBe(EXPLICIT_LE);
        expect(spawnSync('dcmdump', ['-q', file], { timeout: 20_000 }).status).toBe(0);
      },
      60_000,
    );

    it.each(COMPRESSED)(
      '%s with as_received_only fails permanently at once, naming the refusal',
      async (name) => {
        const before = readdirSync(scp.dir).length;
        const err = await destination
          .send(outgoing(name), target(scp.port, { transfer_syntax_policy: 'as_received_only' }))
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DeliveryError);
        expect((err as DeliveryError).permanent).toBe(true);
        expect((err as DeliveryError).message).toMatch(
          /refused the presentation context .* \(transfer-syntaxes-not-supported\)/,
        );
        expect(readdirSync(scp.dir)).toHaveLength(before);
      },
      30_000,
    );

    it('an explicit list converts to the first syntax the peer accepts (Implicit VR LE here)', async () => {
      const { result, file } = await sendAndCollect(destination, scp, 'mr-jpegls-lossless.dcm', {
        transfer_syntax_policy: ['1.2.840.10008.1.2'],
      });
      expect(result.detail).toContain('transcoded 1.2.840.10008.1.2.4.80 -> 1.2.840.10008.1.2;');
      expect(datasetOf(file).ts).toBe('1.2.840.10008.1.2');
    }, 30_000);

    it('sends a spliced output as one data set: as it is, and decoded when the peer needs another syntax', async () => {
      const work = join(root, 'transcode-work');
      mkdirSync(work);
      const own = new CstoreAdapter({
        idleCloseMs: 200,
        connectTimeoutMs: 5000,
        responseTimeoutMs: 20_000,
        transcodeDir: work,
      });
      for (const name of ['ct-full-512-explicit-le.dcm', 'mr-jpegls-lossless.dcm']) {
        const sample = outgoing(name);
        const spliced = splicedOutgoing(sample, join(root, 'spliced'));
        for (const f of readdirSync(scp.dir)) rmSync(join(scp.dir, f), { force: true });
        const result = await own.send(spliced, target(scp.port));
        const [stored] = readdirSync(scp.dir);
        const sent = datasetOf(join(scp.dir, stored ?? ''));
        if (sample.transferSyntaxUid === EXPLICIT_LE) {
          expect(result.detail).not.toContain('transcoded');
          expect(sent.bytes.equals(datasetOf(sample.path).bytes)).toBe(true);
        } else {
          expect(result.detail).toContain(`transcoded ${sample.transferSyntaxUid} -> ${EXPLICIT_LE}`);
          expect(sent.ts).toBe(EXPLICIT_LE);
          expect(spawnSync('dcmdump', ['-q', join(scp.dir, stored ?? '')], { timeout: 20_000 }).status).toBe(0);
        }
        // the received file stays; the spliced output written out for the transcoder is gone
        expect(readFileSync(spliced.path).length).toBeGreaterThan(0);
        const [scratch] = readdirSync(work);
        expect(readdirSync(join(work, scratch ?? ''))).toEqual([]);
      }
      await own.close();
    }, 60_000);

    it('a list without any syntax this object can become fails permanently with the reason', async () => {
      const err = await destination
        .send(
          outgoing('sc-rgb-jpeg-baseline-utf8.dcm'),
          target(scp.port, { transfer_syntax_policy: ['1.2.840.10008.1.2.4.91'] }),
        )
        .catch((e: unknown) => e);
      expect((err as DeliveryError).permanent).toBe(true);
      expect((err as DeliveryError).message).toMatch(/lossy and is never re-encoded lossy again/);
    });
  });

  describe('storescp with +xa (every syntax dcmtk 3.6.7 knows)', () => {
    let scp: Storescp;
    beforeAll(async () => {
      scp = await startStorescp(join(root, 'all'), ['+xa']);
    });
    afterAll(() => scp.stop());

    it.each(COMPRESSED.filter((n) => !NOT_IN_STORESCP_XA.includes(n)))(
      '%s arrives as received, byte for byte',
      async (name) => {
        const source = outgoing(name);
        const { result, file } = await sendAndCollect(destination, scp, name);
        expect(result.detail).not.toContain('transcoded');
        const received = datasetOf(file);
        expect(received.ts).toBe(source.transferSyntaxUid);
        let sent = readFileSync(source.path).subarray(source.datasetOffset);
        // an odd deflated stream gets its PS3.5 A.5 pad byte on the wire, nothing else
        if (source.transferSyntaxUid === '1.2.840.10008.1.2.1.99' && sent.length % 2)
          sent = Buffer.concat([sent, Buffer.alloc(1)]);
        expect(received.bytes.equals(sent)).toBe(true);
      },
      30_000,
    );

    it.each(NOT_IN_STORESCP_XA)(
      '%s, a syntax storescp +xa does not take, still falls back to Explicit VR LE',
      async (name) => {
        const { result, file } = await sendAndCollect(destination, scp, name);
        expect(result.detail).toContain(`transcoded ${outgoing(name).transferSyntaxUid} -> ${EXPLICIT_LE}`);
        expect(datasetOf(file).ts).toBe(EXPLICIT_LE);
      },
      30_000,
    );
  });

  describe('a peer that accepts a syntax and then fails it', () => {
    const JPEG_LS = '1.2.840.10008.1.2.4.80';
    let scp: Awaited<ReturnType<typeof startStatusScp>>;
    let status = 0xc000;
    beforeAll(async () => {
      scp = await startStatusScp((ts) => (ts === JPEG_LS ? status : 0x0000));
    });
    beforeEach(() => {
      scp.stores.length = 0;
    });
    afterAll(() => scp.close());

    it('0xCxxx to the original moves on to the fallback at once, which is delivered', async () => {
      status = 0xc123;
      const result = await destination.send(outgoing('mr-jpegls-lossless.dcm'), target(scp.port));
      expect(result.detail).toContain(`transcoded ${JPEG_LS} -> ${EXPLICIT_LE}`);
      expect(scp.stores).toEqual([JPEG_LS, EXPLICIT_LE]);
    }, 30_000);

    it('0xA9xx with as_received_only fails permanently after one C-STORE, with the status', async () => {
      status = 0xa900;
      const err = await destination
        .send(outgoing('mr-jpegls-lossless.dcm'), target(scp.port, { transfer_syntax_policy: 'as_received_only' }))
        .catch((e: unknown) => e as DeliveryError);
      expect(err).toMatchObject({
        permanent: true,
        message: expect.stringMatching(/answered 0xA900 to 1\.2\.840\.10008\.1\.2\.4\.80$/),
      });
      expect(scp.stores).toEqual([JPEG_LS]);
    }, 30_000);

    it('0xA7xx (out of resources) stays retryable and is not converted around', async () => {
      status = 0xa700;
      const err = await destination
        .send(outgoing('mr-jpegls-lossless.dcm'), target(scp.port))
        .catch((e: unknown) => e as DeliveryError);
      expect(err).toMatchObject({ permanent: false, message: expect.stringMatching(/0xA700/) });
      expect(scp.stores).toEqual([JPEG_LS]);
    }, 30_000);
  });

  it('a peer that is down stays a retryable failure', async () => {
    const port = await freeLocalPort();
    const err = await destination.send(outgoing('mr-rle.dcm'), target(port)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).permanent).toBe(false);
  });
});
