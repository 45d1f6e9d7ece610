import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomFile, readPart10Layout } from '@axiom/dicom-io';
import { qrStatusText } from './qr-commands';
import { QrClient } from './qr-scu';
import { IncomingInstance, ScpListener } from './scp-server';
import { OrthancPeer, SAMPLES_DIR } from './testing/orthanc-peer';
import { plainIncoming } from './testing/plain-incoming';
import { WireRecorder, freeLocalPorts } from './testing/raw-dul-peer';

/**
 * The Q/R SCU against a real PACS (Orthanc): C-FIND with filters at study and image level,
 * C-MOVE to our own SCP (arrivals carry the Move Originator), C-MOVE to an AE Orthanc does not
 * know, and C-GET with the sub-operations on the same association. Byte for byte means: what
 * we keep is exactly the data set Orthanc put on the wire (recorded by a relay), in the transfer
 * syntax of Orthanc's file. Orthanc's dcmtk re-encodes a few things while sending (it drops a
 * trailing (FFFC,FFFC) padding and writes encapsulated pixel data as OB), so its file is not it.
 */
/** Distinct SOP Instance UIDs (the MR transfer-syntax variants share one, and Orthanc keeps the last). */
const SAMPLES = [
  'ct-explicit-le.dcm',
  'mr-jpegls-lossless.dcm',
  'nm-jpeg-lossless-sv1.dcm',
  'sc-rgb-jpeg-baseline-utf8.dcm',
  'rtplan-implicit.dcm',
];
const OUR_AE = 'AXIOM_QR_TEST';

interface Held {
  name: string;
  orthancId: string;
  study: string;
  sop: string;
  sopClass: string;
  patientId: string;
  studyDate: string;
}

function datasetOf(bytes: Buffer): Buffer {
  return bytes.subarray(readPart10Layout(bytes).datasetOffset);
}

describe('QrClient against Orthanc', () => {
  let dir: string;
  let listener: ScpListener;
  let orthanc: OrthancPeer;
  /** Between Orthanc and our SCP (C-MOVE), and between us and Orthanc (C-GET). */
  let toListener: WireRecorder;
  let toOrthanc: WireRecorder;
  let toOrthancPort = 0;
  const arrived: IncomingInstance[] = [];
  const held: Held[] = [];
  const peer = (port = orthanc.dicomPort) => ({
    host: '127.0.0.1',
    port,
    calledAeTitle: 'ORTHANC',
    callingAeTitle: OUR_AE,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-qr-scu-'));
    listener = new ScpListener({
      name: 'qr-dest',
      aeTitle: 'AXIOM_QR_DEST',
      port: 0,
      host: '127.0.0.1',
      incoming: plainIncoming(join(dir, 'incoming')),
      handler: {
        store: async (i) => {
          arrived.push(i);
          return { status: 0 };
        },
      },
    });
    await listener.start();
    toListener = new WireRecorder(listener.port);
    orthanc = await OrthancPeer.start({ aeTitle: 'AXIOM_QR_DEST', port: await toListener.start() });
    toOrthanc = new WireRecorder(orthanc.dicomPort);
    toOrthancPort = await toOrthanc.start();
    for (const name of SAMPLES) {
      const bytes = readFileSync(join(SAMPLES_DIR, name));
      const file = DicomFile.parse(bytes, { headerOnly: true });
      const text = (tag: number) => file.string(tag) ?? '';
      held.push({
        name,
        orthancId: await orthanc.upload(bytes),
        study: text(0x0020000d),
        sop: file.identity().sopInstanceUid ?? '',
        sopClass: file.identity().sopClassUid ?? '',
        patientId: text(0x00100020),
        studyDate: text(0x00080020),
      });
    }
  }, 90_000);

  afterAll(async () => {
    await orthanc?.stop();
    await toOrthanc?.stop();
    await toListener?.stop();
    await listener?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 40_000);

  it('finds studies by PatientID and by a StudyDate range, and the instances of a study', async () => {
    const ct = held[0] as Held;
    const client = await QrClient.open({ peer: peer(), find: ['study'] });
    try {
      const byPatient = await client.find({
        level: 'STUDY',
        keys: { PatientID: ct.patientId, StudyInstanceUID: '', NumberOfStudyRelatedInstances: '' },
      });
      expect(byPatient.map((m) => m['StudyInstanceUID'])).toContain(ct.study);
      const byDate = await client.find({
        level: 'STUDY',
        keys: { StudyDate: `${ct.studyDate}-${ct.studyDate}`, StudyInstanceUID: '' },
      });
      expect(byDate.map((m) => m['StudyInstanceUID'])).toContain(ct.study);
      const none = await client.find({
        level: 'STUDY',
        keys: { StudyDate: '19000101-19000102', StudyInstanceUID: '' },
      });
      expect(none).toEqual([]);
      const images = await client.find({
        level: 'IMAGE',
        keys: { StudyInstanceUID: ct.study, SeriesInstanceUID: '', SOPInstanceUID: '', SOPClassUID: '' },
      });
      expect(images.map((m) => m['SOPInstanceUID'])).toContain(ct.sop);
      expect(images.find((m) => m['SOPInstanceUID'] === ct.sop)?.['SOPClassUID']).toBe(ct.sopClass);
    } finally {
      await client.release();
    }
  }, 30_000);

  it('moves a study to our SCP: the instances arrive byte for byte, carrying the Move Originator', async () => {
    const mr = held[1] as Held;
    const before = arrived.length;
    const client = await QrClient.open({ peer: peer(), move: true });
    const result = await client.move({ level: 'STUDY', keys: { StudyInstanceUID: mr.study } }, 'AXIOM_QR_DEST');
    await client.release();
    const expected = held.filter((h) => h.study === mr.study);
    expect(result.status).toBe(0);
    expect(result.counts.completed).toBe(expected.length);
    expect(result.counts.failed ?? 0).toBe(0);
    const got = arrived.slice(before);
    expect(got.map((g) => g.sopInstanceUid).sort()).toEqual(expected.map((e) => e.sop).sort());
    for (const g of got) {
      expect(g.moveOriginator).toEqual({ aeTitle: OUR_AE, messageId: result.messageId });
      expect(g.association.callingAeTitle).toBe('ORTHANC');
      const ours = datasetOf(readFileSync(g.tempPath));
      expect(ours.length).toBeGreaterThan(100);
      expect(toListener.datasets().some((d) => d.equals(ours))).toBe(true);
    }
  }, 30_000);

  it('reports a clear failure status for a C-MOVE to an AE Orthanc does not know', async () => {
    const client = await QrClient.open({ peer: peer(), move: true });
    const result = await client.move(
      { level: 'STUDY', keys: { StudyInstanceUID: (held[0] as Held).study } },
      'NOBODY_KNOWS',
    );
    await client.release();
    // Orthanc answers "unable to process" (0xC000) rather than 0xA801 (move destination unknown)
    expect(result.status).toBe(0xc000);
    expect(qrStatusText(result.status)).toBe('unable to process');
    expect(result.counts.completed ?? 0).toBe(0);
  }, 30_000);

  it('gets instances with C-GET on the same association, streamed to files, in their stored transfer syntax', async () => {
    const stored: { path: string; sop: string; ts: string }[] = [];
    for (const h of held) {
      const client = await QrClient.open({ peer: peer(toOrthancPort), get: { storageSopClasses: [h.sopClass] } });
      const result = await client.get(
        { level: 'IMAGE', keys: { StudyInstanceUID: h.study, SeriesInstanceUID: '', SOPInstanceUID: h.sop } },
        {
          incoming: plainIncoming(join(dir, 'get')),
          store: async (i) => {
            stored.push({ path: i.tempPath, sop: i.sopInstanceUid, ts: i.transferSyntaxUid });
            return { status: 0 };
          },
        },
      );
      await client.release();
      expect(result).toMatchObject({ status: 0, stored: [h.sop] });
      expect(result.counts.completed).toBe(1);
    }
    for (const h of held) {
      const got = stored.find((s) => s.sop === h.sop);
      expect(got).toBeDefined();
      expect(got?.ts).toBe(readPart10Layout(await orthanc.file(h.orthancId)).transferSyntaxUid);
      const ours = datasetOf(readFileSync((got as { path: string }).path));
      expect(ours.length).toBeGreaterThan(100);
      expect(toOrthanc.datasets('server').some((d) => d.equals(ours))).toBe(true);
    }
  }, 60_000);

  it('answers a refused C-STORE sub-operation with its status, and the C-GET reports it failed', async () => {
    const h = held[0] as Held;
    const client = await QrClient.open({ peer: peer(), get: { storageSopClasses: [h.sopClass] } });
    const result = await client.get(
      { level: 'IMAGE', keys: { StudyInstanceUID: h.study, SeriesInstanceUID: '', SOPInstanceUID: h.sop } },
      {
        incoming: plainIncoming(join(dir, 'refused')),
        store: async () => ({ status: 0xa700, errorComment: 'spool full' }),
      },
    );
    await client.release();
    expect(result.stored).toEqual([]);
    expect(result.failed).toEqual([h.sop]);
    expect(result.counts.failed).toBe(1);
    expect(result.status).not.toBe(0);
  }, 30_000);

  it('names the peer when nobody listens', async () => {
    const [closed] = await freeLocalPorts(1);
    const client = QrClient.open({
      peer: { ...peer(), port: closed as number },
      find: ['study'],
      timeouts: { connectTimeoutMs: 2000 },
    });
    await expect(client).rejects.toThrow(new RegExp(`cannot connect to ORTHANC@127\\.0\\.0\\.1:${closed}`));
  });
});
