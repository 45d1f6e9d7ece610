import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPart10Header, encodeElement, readPart10Layout } from '@axiom/dicom-io';
import { encodeElementHeader } from '@axiom/dicom-io/testing';
import { IncomingInstance, ScpListener } from './scp-server';
import { StoreStatus } from './dimse-status';
import { StoreAssociation } from './store-scu';
import { LoopbackScp, startLoopbackScp } from './testing/loopback-scp';

/**
 * The SCU's block-wise send: a data set several read blocks long (1 MiB each), with a length
 * that is no multiple of the PDU size, arrives byte for byte, and consecutive instances on one
 * association each get their own response.
 */
const EXPLICIT_LE = { littleEndian: true, explicitVr: true };
const SOP_CLASS = '1.2.840.10008.5.1.4.1.1.7';
const TS = '1.2.840.10008.1.2.1';

function objectOf(sopInstanceUid: string, pixelBytes: number): Buffer {
  const uid = (v: string) => Buffer.from(v.length % 2 ? `${v}\0` : v, 'latin1');
  const pixels = Buffer.alloc(pixelBytes);
  for (let i = 0; i + 4 <= pixels.length; i += 4) pixels.writeUInt32LE((i * 2654435761) >>> 0, i);
  return Buffer.concat([
    buildPart10Header({ sopClassUid: SOP_CLASS, sopInstanceUid, transferSyntaxUid: TS }),
    encodeElement(0x00080016, 'UI', uid(SOP_CLASS), EXPLICIT_LE),
    encodeElement(0x00080018, 'UI', uid(sopInstanceUid), EXPLICIT_LE),
    encodeElementHeader(0x7fe00010, 'OB', pixels.length, EXPLICIT_LE),
    pixels,
  ]);
}

describe('StoreAssociation.store, block by block', () => {
  let scp: LoopbackScp;
  let dir: string;
  let listener: ScpListener;
  const received: IncomingInstance[] = [];

  beforeAll(async () => {
    scp = await startLoopbackScp('axiom-scu-blocks-', async (i) => {
      received.push(i);
      return { status: StoreStatus.Success };
    });
    ({ dir, listener } = scp);
  });

  afterAll(() => scp.stop());

  const need = { sopClassUid: SOP_CLASS, transferSyntaxUid: TS };
  async function openScu(callingAeTitle: string): Promise<StoreAssociation> {
    const scu = new StoreAssociation(
      { host: '127.0.0.1', port: listener.port, callingAeTitle, calledAeTitle: 'AXIOM' },
      { connectTimeoutMs: 2000, responseTimeoutMs: 20_000 },
    );
    await scu.open([need]);
    return scu;
  }

  it('sends multi-block data sets exactly, several on one association', async () => {
    const sizes = [3 * 1024 * 1024 + 4094, 16_384, 1024 * 1024];
    const files = sizes.map((n, i) => {
      const path = join(dir, `obj-${i}.dcm`);
      writeFileSync(path, objectOf(`2.25.77${i}`, n));
      return path;
    });
    const scu = await openScu('BLOCKS');
    try {
      for (const [i, path] of files.entries()) {
        const bytes = readFileSync(path);
        const layout = readPart10Layout(bytes);
        const rsp = await scu.store({
          ...need,
          path,
          datasetOffset: layout.datasetOffset,
          sopInstanceUid: `2.25.77${i}`,
        });
        expect(rsp.status).toBe(StoreStatus.Success);
        const stored = readFileSync((received.at(-1) as IncomingInstance).tempPath);
        expect(
          stored.subarray(readPart10Layout(stored).datasetOffset).equals(bytes.subarray(layout.datasetOffset)),
        ).toBe(true);
      }
    } finally {
      await scu.release();
    }
    expect(received).toHaveLength(files.length);
  });

  it('sends a prefix and then the file from its offset as one data set (a spliced output), across block ends', async () => {
    const whole = objectOf('2.25.778', 2 * 1024 * 1024 + 1000);
    const datasetOffset = readPart10Layout(whole).datasetOffset;
    const path = join(dir, 'spliced-rest.dcm');
    writeFileSync(path, whole);
    const scu = await openScu('SPLICE');
    try {
      // prefixes shorter than a block, ending exactly at one, and spanning more than one
      for (const prefixLength of [200, 1024 * 1024, 1024 * 1024 + 3000]) {
        const prefix = Buffer.alloc(prefixLength, 0x5a);
        const split = datasetOffset + 5000;
        const rsp = await scu.store({ ...need, path, datasetOffset: split, prefix, sopInstanceUid: '2.25.778' });
        expect(rsp.status).toBe(StoreStatus.Success);
        const stored = readFileSync((received.at(-1) as IncomingInstance).tempPath);
        const sent = stored.subarray(readPart10Layout(stored).datasetOffset);
        expect(sent.equals(Buffer.concat([prefix, whole.subarray(split)]))).toBe(true);
      }
    } finally {
      await scu.release();
    }
  });
});
