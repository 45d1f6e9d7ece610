import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DicomFile, readPart10Layout } from '@axiom/dicom-io';
import { IncomingInstance, ScpListener, StoreResult } from './scp-server';
import { StoreStatus } from './dimse-status';
import { StoreAssociationPool } from './store-pool';
import { StoreAssociation } from './store-scu';
import { LoopbackScp, startLoopbackScp } from './testing/loopback-scp';

const SAMPLES = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'dicom-samples');

describe('our C-STORE SCU against our C-STORE SCP (loopback)', () => {
  let scp: LoopbackScp;
  let dir: string;
  let listener: ScpListener;
  const received: IncomingInstance[] = [];
  let answer: StoreResult = { status: StoreStatus.Success };

  beforeAll(async () => {
    scp = await startLoopbackScp('axiom-dimse-', async (i) => {
      received.push(i);
      return answer;
    });
    ({ dir, listener } = scp);
    peer = { host: '127.0.0.1', port: listener.port, callingAeTitle: 'TESTSCU', calledAeTitle: 'AXIOM' };
  });

  afterAll(() => scp.stop());

  let peer = { host: '127.0.0.1', port: 0, callingAeTitle: 'TESTSCU', calledAeTitle: 'AXIOM' };
  const timeouts = { connectTimeoutMs: 2000, responseTimeoutMs: 10_000 };

  // every valid sample that names its SOP class and instance (C-STORE needs both), whatever its
  // transfer syntax: bare data sets, big endian, deflate and HTJ2K included
  const samples = readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.dcm'))
    .filter((f) => {
      const id = DicomFile.parse(readFileSync(join(SAMPLES, f)), { headerOnly: true }).identity();
      return Boolean(id.sopClassUid && id.sopInstanceUid);
    });

  it('covers the sample corpus', () => expect(samples.length).toBeGreaterThanOrEqual(45));

  it.each(samples)('stores %s with the data set bytes exactly as sent, in its own transfer syntax', async (name) => {
    const path = join(SAMPLES, name);
    const bytes = readFileSync(path);
    const layout = readPart10Layout(bytes);
    const id = DicomFile.parse(bytes, { headerOnly: true }).identity();
    const need = { sopClassUid: id.sopClassUid as string, transferSyntaxUid: layout.transferSyntaxUid };
    const scu = new StoreAssociation(peer, timeouts);
    await scu.open([need]);
    const rsp = await scu.store({
      ...need,
      path,
      datasetOffset: layout.datasetOffset,
      sopInstanceUid: id.sopInstanceUid as string,
    });
    await scu.release();
    expect(rsp.status).toBe(0);
    const got = received.at(-1) as IncomingInstance;
    expect(got.association).toEqual(
      expect.objectContaining({ callingAeTitle: 'TESTSCU', calledAeTitle: 'AXIOM', peerAddress: '127.0.0.1' }),
    );
    expect(got.transferSyntaxUid).toBe(layout.transferSyntaxUid);
    const stored = readFileSync(got.tempPath);
    // the SCU pads an odd deflated stream with one 0x00 (PS3.5 A.5): dcmtk aborts on odd PDVs
    let sent = bytes.subarray(layout.datasetOffset);
    if (layout.transferSyntaxUid === '1.2.840.10008.1.2.1.99' && sent.length % 2)
      sent = Buffer.concat([sent, Buffer.alloc(1)]);
    expect(stored.subarray(readPart10Layout(stored).datasetOffset).equals(sent)).toBe(true);
    // the slices the spool kept reach the handler as the file's bytes (read after the association:
    // its slabs may be back in the pool, but no association has read into them since)
    expect(Buffer.concat(got.bytes ?? []).equals(stored)).toBe(true);
  });

  it("passes the handler's failure status and comment back to the sender", async () => {
    answer = { status: StoreStatus.CannotUnderstand, errorComment: 'malformed DICOM: test' };
    try {
      const pool = new StoreAssociationPool({ ...timeouts, idleCloseMs: 100 });
      const path = join(SAMPLES, 'mr-explicit-le.dcm');
      const layout = readPart10Layout(readFileSync(path));
      const rsp = await pool.store(peer, {
        path,
        datasetOffset: layout.datasetOffset,
        sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
        sopInstanceUid: '2.25.1',
        transferSyntaxUid: layout.transferSyntaxUid,
      });
      await pool.closeAll();
      expect(rsp.status).toBe(StoreStatus.CannotUnderstand);
      expect(rsp.errorComment).toBe('malformed DICOM: test');
    } finally {
      answer = { status: StoreStatus.Success };
    }
  });

  it('keeps one association for consecutive instances to the same peer', async () => {
    const before = received.length;
    const pool = new StoreAssociationPool({ ...timeouts, idleCloseMs: 5000 });
    const path = join(SAMPLES, 'ct-explicit-le.dcm');
    const layout = readPart10Layout(readFileSync(path));
    for (let i = 0; i < 5; i++) {
      const rsp = await pool.store(peer, {
        path,
        datasetOffset: layout.datasetOffset,
        sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
        sopInstanceUid: `2.25.${i + 10}`,
        transferSyntaxUid: layout.transferSyntaxUid,
      });
      expect(rsp.status).toBe(0);
    }
    await pool.closeAll();
    const batch = received.slice(before);
    expect(batch).toHaveLength(5);
    // one association: the SCP saw one peer connection (same source port) for all five
    expect(new Set(batch.map((b) => b.association))).toHaveProperty('size', 1);
  });

  it('refuses an association for another called AE title', async () => {
    const scu = new StoreAssociation({ ...peer, calledAeTitle: 'SOMEONE' }, timeouts);
    await expect(
      scu.open([{ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxUid: '1.2.840.10008.1.2.1' }]),
    ).rejects.toThrow(/rejected/);
  });

  it('leaves no partial upload behind', () => {
    const leftovers = readdirSync(join(dir, 'incoming')).filter(
      (f) => f.endsWith('.part') && !received.some((r) => r.tempPath.endsWith(f)),
    );
    expect(leftovers).toEqual([]);
  });
});
