import { SourceType } from '@axiom/domain';
import { DicomwebSourceEntity, DimseQrSourceEntity } from '../entities/input-sources.entity';
import { LedgerRepository } from '../ledger/ledger.repository';
import { PollingStateRepository, SourceRef } from './polling-state.repository';
import { SCRATCH_DIALECTS, type ScratchDatabase } from '../scratch-dialects';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(SCRATCH_DIALECTS)('polling state on %s', (_name, open) => {
  let db: ScratchDatabase;
  let repo: PollingStateRepository;
  let web: SourceRef;
  let qr: SourceRef;

  beforeAll(async () => {
    db = await open('polling_state');
    repo = new PollingStateRepository(db.ds);
    const w = await db.ds.getRepository(DicomwebSourceEntity).save({
      name: 'pacs',
      baseUrl: 'http://127.0.0.1:1/dicom-web',
      description: null,
      secrets: null,
      searchFilters: null,
    });
    const q = await db.ds.getRepository(DimseQrSourceEntity).save({
      name: 'qr',
      remoteAeTitle: 'PACS',
      remoteHost: '127.0.0.1',
      remotePort: 1,
      moveDestinationAeTitle: 'AXIOM',
      description: null,
      queryFilters: null,
    });
    web = { kind: 'dicomweb', id: w.id };
    qr = { kind: 'dimse_qr', id: q.id };
    await repo.ensure(web);
    await repo.ensure(web);
    await repo.ensure(qr);
  });
  afterAll(() => db.close());

  it('lists the rows of each kind with the politeness default', async () => {
    const [row] = await repo.sources('dicomweb');
    expect(row?.name).toBe('pacs');
    expect(row?.maxConcurrentRetrievals).toBe(2);
    expect((await repo.sources('dimse_qr')).map((r) => r.maxConcurrentRetrievals)).toEqual([2]);
  });

  it('leases a source to one poller at a time and lets another take over an expired lease', async () => {
    expect(await repo.acquireLease(web, 'a', 400)).toBe(true);
    expect(await repo.acquireLease(web, 'b', 400)).toBe(false);
    expect(await repo.acquireLease(web, 'a', 400)).toBe(true);
    await sleep(500);
    expect(await repo.acquireLease(web, 'b', 60_000)).toBe(true);
    // the dead holder's late end of round changes nothing
    await repo.finishRound(web, {
      owner: 'a',
      nextRunAt: new Date(0),
      watermark: new Date(),
      startedAt: new Date(),
      failed: false,
    });
    const state = await repo.state(web);
    expect(state?.leaseOwner).toBe('b');
    expect(state?.watermark).toBeNull();
    await repo.releaseLease(web, 'b');
    expect((await repo.state(web))?.leaseOwner).toBeNull();
  });

  it('moves the cursor forward only, counts failures, and answers a poll-now made before the round', async () => {
    const t1 = new Date('2024-05-01T10:00:00.123Z');
    const finish = async (o: { watermark: Date | null; failed: boolean; startedAt?: Date }) => {
      expect(await repo.acquireLease(web, 'a', 60_000)).toBe(true);
      await repo.finishRound(web, {
        owner: 'a',
        nextRunAt: new Date('2030-01-01T00:00:00Z'),
        startedAt: o.startedAt ?? new Date(),
        ...o,
      });
      return repo.state(web);
    };
    expect((await finish({ watermark: t1, failed: false }))?.watermark?.toISOString()).toBe(t1.toISOString());
    expect(
      (await finish({ watermark: new Date('2024-04-01T00:00:00Z'), failed: true }))?.watermark?.toISOString(),
    ).toBe(t1.toISOString());
    const failedTwice = await finish({ watermark: null, failed: true });
    expect(failedTwice?.consecutiveFailures).toBe(2);
    expect(failedTwice?.nextRunAt?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect((await finish({ watermark: null, failed: false }))?.consecutiveFailures).toBe(0);

    const requested = await repo.requestPoll(web);
    expect((await repo.state(web))?.pollRequestedAt?.getTime()).toBe(requested.getTime());
    // a round that started before the request does not answer it
    expect(
      (await finish({ watermark: null, failed: false, startedAt: new Date(requested.getTime() - 1000) }))
        ?.pollRequestedAt,
    ).not.toBeNull();
    expect(
      (await finish({ watermark: null, failed: false, startedAt: new Date(requested.getTime() + 1) }))?.pollRequestedAt,
    ).toBeNull();
  });

  it('records seen studies and items with their signatures, per source', async () => {
    const keys = Array.from({ length: 510 }, (_, i) => `1.2.3.${i}`);
    for (const key of keys) await repo.markSeen(web, 'item', key, null);
    await repo.markSeen(web, 'study', '1.2.3.0', 'series=1;instances=1');
    await repo.markSeen(web, 'study', '1.2.3.0', 'series=2;instances=3');
    const items = await repo.seen(web, 'item', [...keys, '9.9']);
    expect(items.size).toBe(510);
    expect(items.get('1.2.3.509')).toBeNull();
    expect((await repo.seen(web, 'study', ['1.2.3.0'])).get('1.2.3.0')).toBe('series=2;instances=3');
    expect((await repo.seen(qr, 'item', keys.slice(0, 5))).size).toBe(0);
  });

  it('finds what the ledger already holds from the source', async () => {
    const ledger = new LedgerRepository(db.ds);
    const received = (uid: string, name: string) =>
      ledger.recordReceived({
        sourceType: SourceType.DicomwebPoller,
        sourceName: name,
        callingAeTitle: null,
        calledAeTitle: null,
        peerAddress: null,
        studyInstanceUid: '1.2',
        seriesInstanceUid: '1.2.1',
        sopInstanceUid: uid,
        sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
        transferSyntaxUid: '1.2.840.10008.1.2.1',
        datasetOffset: 132,
        spoolPath: `/spool/${uid}.dcm`,
        sizeBytes: 1,
      });
    await received('7.7.1', 'pacs');
    await received('7.7.2', 'other');
    const found = await repo.alreadyIngested({ type: SourceType.DicomwebPoller, name: 'pacs' }, [
      '7.7.1',
      '7.7.2',
      '7.7.3',
    ]);
    expect([...found]).toEqual(['7.7.1']);
  });

  it("writes each kind's own status columns", async () => {
    const counts = { studiesFound: 2, studiesQueued: 1, itemsFound: 5, itemsQueued: 4, instancesProcessed: 4 };
    await repo.recordProgress(web, counts, { query: true, retrieval: true, run: true });
    await repo.recordProgress(qr, counts, { query: true, retrieval: false, run: false });
    await repo.recordError(qr, 'C-FIND refused');
    await repo.recordWatermark(web, new Date('2024-05-01T10:00:00Z'));
    const w = await db.ds.getRepository(DicomwebSourceEntity).findOneByOrFail({ id: web.id });
    expect([w.foundInstanceCount, w.queuedInstanceCount, w.processedInstanceCount]).toEqual([5, 4, 4]);
    expect(w.lastSuccessfulRun).toBeInstanceOf(Date);
    expect(w.lastProcessedTimestamp?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    const q = await db.ds.getRepository(DimseQrSourceEntity).findOneByOrFail({ id: qr.id });
    expect([q.foundStudyCount, q.moveQueuedStudyCount, q.processedInstanceCount]).toEqual([2, 1, 4]);
    expect(q.lastSuccessfulQuery).toBeInstanceOf(Date);
    expect(q.lastSuccessfulMove).toBeNull();
    expect(q.lastErrorMessage).toBe('C-FIND refused');
    expect(q.lastErrorTime).toBeInstanceOf(Date);
  });

  it('forgets a deleted source', async () => {
    await repo.forget(web);
    expect(await repo.state(web)).toBeNull();
    expect((await repo.seen(web, 'item', ['1.2.3.1'])).size).toBe(0);
    expect(await repo.state(qr)).not.toBeNull();
  });
});
