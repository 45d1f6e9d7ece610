import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomFile, buildPart10Header, encodeElement } from '@axiom/dicom-io';
import { encodeElementHeader } from '@axiom/dicom-io/testing';
import { StoreAssociation, StoreStatus } from '@axiom/dicom-dimse';
import {
  type ApiUnderTest,
  type Proc,
  echo,
  freePorts,
  run,
  startApiUnderTest,
  startStorescp,
  waitFor,
} from '@axiom/testing';

/**
 * Flat memory: a ~1 GiB multi-frame is received by the real standalone app, morphed (one header
 * tag) and forwarded by C-STORE to storescp. The morph splices the new header and streams the
 * pixel data from the spool, so the process's peak RSS (VmHWM) stays a small fraction of the
 * object; the old whole-file path peaked at ~3 GB. The exact figure goes to docs/benchmarks.md.
 */
jest.setTimeout(900_000);

const ADMIN_KEY = 'e2elarge_0123456789abcdefABCDEF';
const FRAMES = Number(process.env['AXIOM_E2E_LARGE_FRAMES'] ?? 2000); // 512 x 512 x 16 bit: 2000 frames = 1000 MiB
const FRAME_BYTES = 512 * 512 * 2;
const EXPLICIT_LE = { littleEndian: true, explicitVr: true };
const SOP_CLASS = '1.2.840.10008.5.1.4.1.1.7.3'; // Multi-frame Grayscale Word Secondary Capture
const TS = '1.2.840.10008.1.2.1';
/** Generous: the whole-file path needed three times the object; the streamed one stays near the app's own size. */
const PEAK_RSS_BOUND_MB = 600;

function text(tag: number, vr: string, value: string): Buffer {
  const pad = vr === 'UI' ? '\0' : ' ';
  return encodeElement(tag, vr, Buffer.from(value.length % 2 ? value + pad : value, 'latin1'), EXPLICIT_LE);
}
function us(tag: number, value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return encodeElement(tag, 'US', b, EXPLICIT_LE);
}

/** Writes the object frame by frame (each frame stamped with its number), never holding more than one frame. */
async function writeLargeMultiframe(path: string, sopInstanceUid: string): Promise<void> {
  const header = Buffer.concat([
    buildPart10Header({ sopClassUid: SOP_CLASS, sopInstanceUid, transferSyntaxUid: TS }),
    text(0x00080016, 'UI', SOP_CLASS),
    text(0x00080018, 'UI', sopInstanceUid),
    text(0x00080060, 'CS', 'OT'),
    text(0x00080080, 'LO', 'E2E LARGE HOSPITAL'),
    text(0x00100010, 'PN', 'LARGE^OBJECT'),
    text(0x00100020, 'LO', 'LARGE1'),
    text(0x0020000d, 'UI', `${sopInstanceUid}.1`),
    text(0x0020000e, 'UI', `${sopInstanceUid}.2`),
    text(0x00200013, 'IS', '1'),
    us(0x00280002, 1),
    text(0x00280004, 'CS', 'MONOCHROME2'),
    text(0x00280008, 'IS', String(FRAMES)),
    us(0x00280010, 512),
    us(0x00280011, 512),
    us(0x00280100, 16),
    us(0x00280101, 16),
    us(0x00280102, 15),
    us(0x00280103, 0),
    encodeElementHeader(0x7fe00010, 'OW', FRAMES * FRAME_BYTES, EXPLICIT_LE),
  ]);
  const fh = await open(path, 'w');
  try {
    await fh.write(header);
    const frame = Buffer.alloc(FRAME_BYTES);
    for (let i = 0; i < frame.length; i += 2) frame.writeUInt16LE((i * 7) & 0xffff, i);
    for (let f = 0; f < FRAMES; f++) {
      frame.writeUInt32LE(f, 0);
      await fh.write(frame);
    }
  } finally {
    await fh.close();
  }
}

/** sha256 of a file from an offset to its end, streamed. */
async function hashFrom(path: string, start: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { start, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Offset of the top-level pixel data element's value in a Part 10 file. */
async function pixelValueOffset(path: string): Promise<number> {
  const file = await DicomFile.readHeader(path);
  const pixel = file.element(0x7fe00010);
  if (pixel) return file.layout.datasetOffset + pixel.valueOffset;
  const last = file.elements[file.elements.length - 1];
  return file.layout.datasetOffset + (last ? last.end : 0) + 12; // the walk stopped at its header (explicit VR OW: 12 bytes)
}

function peakRssMb(pid: number): number {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:')) ?? '';
  return Number(line.replace(/\D+/g, '')) / 1024;
}

describe('a 1 GiB multi-frame received, morphed and forwarded (standalone)', () => {
  let app: ApiUnderTest;
  let storescp: Proc;
  let dir: string;
  let source: string;
  let listenerPort: number;
  let scpPort: number;
  const sopInstanceUid = `2.25.${BigInt(Date.now()) * 1000n + BigInt(process.pid % 1000)}`;

  const api = async (path: string, body: unknown): Promise<{ id: number }> => {
    const res = await fetch(`${app.base}/${path}`, {
      method: 'POST',
      headers: { Authorization: `Api-Key ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: number };
  };

  beforeAll(async () => {
    const [port, healthPort, listener, scp] = await freePorts(4);
    listenerPort = listener as number;
    scpPort = scp as number;
    dir = mkdtempSync(join(tmpdir(), 'axiom-e2e-large-'));
    source = join(dir, 'large.dcm');
    await writeLargeMultiframe(source, sopInstanceUid);
    storescp = startStorescp(scpPort, join(dir, 'scp'));
    app = await startApiUnderTest({
      app: 'standalone',
      port: port as number,
      healthPort: healthPort as number,
      listenerPort,
      adminApiKey: ADMIN_KEY,
    });
    await waitFor('the default listener', () => echo(listenerPort, 'AXIOM'), 30_000);
    await waitFor(
      'storescp',
      () => run('echoscu', ['-aec', 'STORESCP', '127.0.0.1', String(scpPort)], 10_000).status === 0,
      30_000,
    );
    const backend = await api('config/storage-backends', {
      name: 'large-scp',
      backend_type: 'cstore',
      remote_host: '127.0.0.1',
      remote_port: scpPort,
      remote_ae_title: 'STORESCP',
      local_ae_title: 'AXIOM',
      transfer_syntax_policy: 'as_received_only',
    });
    const ruleset = await api('rules-engine/rulesets', { name: 'large', execution_mode: 'ALL_MATCHES' });
    await api('rules-engine/rules', {
      ruleset_id: ruleset.id,
      name: 'morph-large',
      match_criteria: [{ tag: 'Modality', op: 'eq', value: 'OT' }],
      tag_modifications: [{ action: 'set', tag: 'InstitutionName', value: 'AXIOM MORPHED' }],
      destination_ids: [backend.id],
    });
  });

  afterAll(async () => {
    await app?.stop();
    await storescp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is forwarded with the tag morphed and the pixel data intact, in bounded memory', async () => {
    const size = statSync(source).size;
    expect(size).toBeGreaterThan(FRAMES * FRAME_BYTES);
    const scu = new StoreAssociation(
      { host: '127.0.0.1', port: listenerPort, callingAeTitle: 'LARGESCU', calledAeTitle: 'AXIOM' },
      { connectTimeoutMs: 5000, responseTimeoutMs: 300_000 },
    );
    const need = { sopClassUid: SOP_CLASS, transferSyntaxUid: TS };
    await scu.open([need]);
    try {
      const header = await DicomFile.readHeader(source);
      const rsp = await scu.store({
        ...need,
        path: source,
        datasetOffset: header.layout.datasetOffset,
        sopInstanceUid,
      });
      expect(rsp.status).toBe(StoreStatus.Success);
    } finally {
      await scu.release();
    }
    const scpDir = join(dir, 'scp');
    const forwarded = await waitFor(
      'the forwarded object at storescp',
      async () => {
        const res = await fetch(`${app.base}/instances?sop_instance_uid=${sopInstanceUid}`, {
          headers: { Authorization: `Api-Key ${ADMIN_KEY}` },
        });
        const rows = (await res.json()) as { state: string }[];
        const name = readdirSync(scpDir)[0];
        return rows[0]?.state === 'completed' && name ? join(scpDir, name) : undefined;
      },
      600_000,
      1000,
    );
    const peak = peakRssMb(app.proc.child.pid as number);
    // the figure for docs/benchmarks.md
    process.stdout.write(
      `large object: ${(size / 1048576).toFixed(0)} MiB forwarded, standalone peak RSS (VmHWM) ${peak.toFixed(0)} MiB\n`,
    );
    expect(run('dcmdump', ['-q', '+P', 'InstitutionName', forwarded]).output).toContain('AXIOM MORPHED');
    expect(await hashFrom(forwarded, await pixelValueOffset(forwarded))).toBe(
      await hashFrom(source, await pixelValueOffset(source)),
    );
    expect(peak).toBeLessThan(PEAK_RSS_BOUND_MB);
  });
});
