import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, In } from 'typeorm';
import { StoreAssociation } from '@axiom/dicom-dimse';
import { DicomFile, readPart10Layout } from '@axiom/dicom-io';
import { DeliveryStatus, InstanceState } from '@axiom/domain';
import { DeliveryEntity, InstanceEntity, openDatabase } from '@axiom/persistence';
import {
  Proc, SAMPLES_DIR, batchesByUid, createScratchDatabase, datasetOf, echo, invalidSamples, purgeQueues, run, runAsync,
  startApp, startStorescp, validSamples, waitFor, waitForHttp,
} from '@axiom/testing';
import { filesUnder, makeCorpus, seedRouting, sopUidOf } from './fixtures';

jest.setTimeout(600_000);

const LISTENER_PORT = 21112;
const STORESCP_PORT = 21113;

describe('distributed mode: PostgreSQL + RabbitMQ, separate listener and worker processes', () => {
  let work: string;
  let db: DataSource;
  let dropDb: () => Promise<void>;
  let env: Record<string, string>;
  let listener: Proc;
  let worker: Proc;
  let storescp: Proc;
  let dirs: { plain: string; morphed: string; scp: string; crash: string };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-dist-'));
    dirs = { plain: join(work, 'out-plain'), morphed: join(work, 'out-morphed'), scp: join(work, 'storescp'), crash: join(work, 'out-crash') };
    const scratch = await createScratchDatabase('e2e_dist');
    dropDb = scratch.drop;
    db = await openDatabase({ databaseUrl: scratch.url, sqlitePath: '' }, { migrate: true });
    await seedRouting(db, { listenerPort: LISTENER_PORT, storescpPort: STORESCP_PORT, dirs });
    await purgeQueues();
    env = {
      DATABASE_URL: scratch.url, RABBITMQ_URL: process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672',
      AXIOM_DATA_DIR: join(work, 'data'), DICOM_STORAGE_PATH: join(work, 'spool'), CSTORE_IDLE_CLOSE_MS: '1000',
      DELIVERY_BACKOFF_BASE_MS: '200', SWEEP_INTERVAL_MS: '500',
    };
    storescp = startStorescp(STORESCP_PORT, dirs.scp);
    listener = startApp('dimse-listener', { ...env, HEALTH_PORT: '18012' });
    worker = startApp('router-worker', { ...env, HEALTH_PORT: '18013' });
    await waitForHttp('http://127.0.0.1:18013/health');
    await waitFor('the listener to accept C-ECHO', () => echo(LISTENER_PORT, 'AXIOM'));
  });

  afterAll(async () => {
    await Promise.all([listener?.stop(), worker?.stop(), storescp?.stop()]);
    await db?.destroy();
    await dropDb?.();
    rmSync(work, { recursive: true, force: true });
  });

  it('answers C-ECHO and refuses an unknown called AE title', () => {
    expect(echo(LISTENER_PORT, 'AXIOM')).toBe(true);
    expect(echo(LISTENER_PORT, 'NOT_AXIOM')).toBe(false);
  });

  it('routes every valid sample byte-faithfully to the filesystem and to dcmtk storescp, and morphs only what a rule touches', async () => {
    const samples = validSamples();
    const sendable = new Set<string>();
    for (const batch of batchesByUid(samples)) {
      // storescp keeps its folder (it cannot write into a removed one); ours start empty per batch
      for (const d of [dirs.plain, dirs.morphed]) rmSync(d, { recursive: true, force: true });
      const before = await db.getRepository(InstanceEntity).count();
      const result = run('dcmsend', ['-nh', '-aec', 'AXIOM', '127.0.0.1', String(LISTENER_PORT), ...batch.map((s) => s.path)]);
      // dcmsend skips files it cannot send (no SOP Class UID in the meta, say); the rest must be accepted
      const refusedLocally = batch.filter((s) => result.output.includes(`${s.path}`) && /bad DICOM file|cannot add/i.test(lineOf(result.output, s.path)));
      const sent = batch.filter((s) => !refusedLocally.includes(s));
      for (const s of sent) sendable.add(s.name);
      await waitFor('the batch to be received and every delivery to be final', async () => {
        const received = (await db.getRepository(InstanceEntity).count()) - before;
        const open = await db.getRepository(DeliveryEntity).count({ where: { status: In([DeliveryStatus.Pending, DeliveryStatus.RetryWait]) } });
        return received > 0 && open === 0 && filesUnder(dirs.plain).length > 0;
      }, 90_000);
      // dcmsend may still skip a file at send time (no SOP Class UID): check what the ledger received
      const receivedUids = new Set((await db.getRepository(InstanceEntity).find({ select: { sopInstanceUid: true } })).map((i) => i.sopInstanceUid));
      sent.splice(0, sent.length, ...sent.filter((x) => receivedUids.has(x.sopInstanceUid)));
      for (const s of sent) {
        const original = datasetOf(s.path);
        const plain = filesUnder(dirs.plain).find((f) => f.endsWith(`${s.sopInstanceUid}.dcm`) || (s.sopInstanceUid === '' && f.includes('unknown')));
        expect({ sample: s.name, delivered: Boolean(plain) }).toEqual({ sample: s.name, delivered: true });
        expect({ sample: s.name, identical: datasetOf(plain as string).equals(original) }).toEqual({ sample: s.name, identical: true });
        expect({ sample: s.name, ts: DicomFile.parse(readFileSync(plain as string), { headerOnly: true }).transferSyntaxUid }).toEqual({ sample: s.name, ts: s.transferSyntaxUid });
        const atScp = filesUnder(dirs.scp).find((f) => sopUidOf(f) === s.sopInstanceUid);
        expect({ sample: s.name, atScp: Boolean(atScp) }).toEqual({ sample: s.name, atScp: true });
        expect({ sample: s.name, identical: datasetOf(atScp as string).equals(original) }).toEqual({ sample: s.name, identical: true });
      }
      // CT images also went through a morphing rule: InstitutionName set, every other element as received
      for (const s of sent.filter((x) => DicomFile.parse(readFileSync(x.path), { headerOnly: true }).string(0x00080060) === 'CT')) {
        const morphed = filesUnder(dirs.morphed).find((f) => f.endsWith(`${s.sopInstanceUid}.dcm`));
        expect({ sample: s.name, morphed: Boolean(morphed) }).toEqual({ sample: s.name, morphed: true });
        const before = DicomFile.parse(readFileSync(s.path));
        const after = DicomFile.parse(readFileSync(morphed as string));
        expect(after.string(0x00080080)).toBe('AXIOM TEST');
        const raw = (f: DicomFile, tag: number) => {
          const el = f.elements.find((e) => e.tag === tag);
          return el ? f.dataset.subarray(el.headerOffset, el.end).toString('hex') : null;
        };
        const tags = new Set([...before.elements, ...after.elements].map((e) => e.tag).filter((t) => t !== 0x00080080 && (t & 0xffff) !== 0));
        for (const tag of tags) expect({ sample: s.name, tag: tag.toString(16), bytes: raw(after, tag) }).toEqual({ sample: s.name, tag: tag.toString(16), bytes: raw(before, tag) });
      }
    }
    // at least the ordinary samples must have gone over the wire
    expect(sendable.size).toBeGreaterThanOrEqual(40);
    const states = await db.getRepository(InstanceEntity).createQueryBuilder('i').select('i.state', 'state').addSelect('COUNT(*)', 'n').groupBy('i.state').getRawMany<{ state: string; n: string }>();
    expect(states.filter((r) => r.state !== InstanceState.Completed)).toEqual([]);
  });

  it('answers every invalid sample with a failure status and keeps serving the same association and other peers', async () => {
    // dcmtk's storescu refuses to read these files, so they go over the wire through our own SCU,
    // which sends a file's bytes as they are
    const scu = new StoreAssociation({ host: '127.0.0.1', port: LISTENER_PORT, callingAeTitle: 'BADPEER', calledAeTitle: 'AXIOM' }, { connectTimeoutMs: 5000, responseTimeoutMs: 30_000 });
    const ct = { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxUid: '1.2.840.10008.1.2.1' };
    const implicit = { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxUid: '1.2.840.10008.1.2' };
    await scu.open([ct, implicit]);
    for (const file of invalidSamples()) {
      let datasetOffset = 0;
      let transferSyntaxUid = ct.transferSyntaxUid;
      try {
        const layout = readPart10Layout(readFileSync(file));
        datasetOffset = layout.datasetOffset;
        if (layout.transferSyntaxUid === implicit.transferSyntaxUid) transferSyntaxUid = implicit.transferSyntaxUid;
      } catch {
        // not even a readable meta: send every byte as the data set
      }
      const rsp = await scu.store({ path: file, datasetOffset, sopClassUid: ct.sopClassUid, sopInstanceUid: `2.25.${Date.now()}`, transferSyntaxUid });
      expect({ file, failed: rsp.status !== 0, comment: Boolean(rsp.errorComment) }).toEqual({ file, failed: true, comment: true });
      const good = run('storescu', ['-aec', 'AXIOM', '127.0.0.1', String(LISTENER_PORT), join(SAMPLES_DIR, 'mr-explicit-le.dcm')], 60_000);
      expect({ after: file, status: good.status }).toEqual({ after: file, status: 0 });
    }
    await scu.release();
  });

  it('loses nothing when the router worker is killed with SIGKILL while 500 instances arrive', async () => {
    const corpus = makeCorpus(join(work, 'corpus'), 500);
    const sending = runAsync('storescu', ['-aet', 'KILLTEST', '-aec', 'AXIOM', '127.0.0.1', String(LISTENER_PORT), '+sd', corpus]);
    await waitFor('the first instances to be routed', async () => (await db.getRepository(DeliveryEntity).count()) > 20 || undefined, 60_000, 50);
    await worker.kill9();
    await new Promise((r) => setTimeout(r, 1500));
    worker = startApp('router-worker', { ...env, HEALTH_PORT: '18013' });
    const sent = await sending;
    expect(sent.status).toBe(0);
    const uids = readdirSync(corpus).map((f) => sopUidOf(join(corpus, f)));
    await waitFor('all 500 in the crash destination', () => filesUnder(dirs.crash).length >= 500 || undefined, 180_000, 500);
    const delivered = filesUnder(dirs.crash).map((f) => sopUidOf(f));
    expect(new Set(delivered)).toEqual(new Set(uids));
    expect(delivered).toHaveLength(500);
    // exactly one delivery row per instance and destination, all delivered
    const rows = await db.getRepository(DeliveryEntity).createQueryBuilder('d').innerJoin('d.instance', 'i')
      .where('i.calling_ae_title = :ae', { ae: 'KILLTEST' }).getMany();
    expect(rows).toHaveLength(500);
    expect(rows.every((r) => r.status === DeliveryStatus.Delivered)).toBe(true);
  });
});

function lineOf(output: string, path: string): string {
  return output.split('\n').filter((l) => l.includes(path)).join('\n');
}
