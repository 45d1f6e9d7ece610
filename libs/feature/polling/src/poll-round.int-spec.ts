import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SourceType } from '@axiom/domain';
import {
  DicomwebSourceConfigStore,
  DicomwebSourceEntity,
  LedgerRepository,
  PollingStateRepository,
  SourceRef,
  openDatabase,
} from '@axiom/persistence';
import { PollRound } from './poll-round';
import type {
  IngestSink,
  PollContext,
  RetrievalItem,
  RetrievalReport,
  SourceDriver,
  StudyCandidate,
} from './source-driver';

/**
 * The round's bookkeeping on a real SQLite database, with a source kind scripted in memory: what
 * it lists, and which retrievals fail. (The DICOMweb driver itself runs against Orthanc in the e2e suite.)
 */
class ScriptedSource implements SourceDriver<'dicomweb'> {
  readonly kind = 'dicomweb' as const;
  studies: StudyCandidate[] = [];
  items = new Map<string, RetrievalItem[]>();
  failing = new Map<string, { error: string; permanent: boolean }>();
  retrieved: string[] = [];
  inFlight = 0;
  peak = 0;

  async *listStudies(): AsyncIterable<StudyCandidate> {
    yield* this.studies;
  }

  async listItems(_ctx: PollContext<'dicomweb'>, study: StudyCandidate): Promise<RetrievalItem[]> {
    return this.items.get(study.studyInstanceUid) ?? [];
  }

  async retrieve(_ctx: PollContext<'dicomweb'>, item: RetrievalItem): Promise<RetrievalReport> {
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    await new Promise((r) => setTimeout(r, 5));
    this.inFlight--;
    this.retrieved.push(item.key);
    const fail = this.failing.get(item.key);
    return fail ? { processed: 0, ...fail } : { processed: 1, error: null };
  }
}

const study = (uid: string, changedAt: string, signature: string): StudyCandidate => ({
  studyInstanceUid: uid,
  changedAt: new Date(changedAt),
  signature,
});
const instance = (studyUid: string, sop: string): RetrievalItem => ({
  key: sop,
  studyInstanceUid: studyUid,
  seriesInstanceUid: `${studyUid}.1`,
  sopInstanceUid: sop,
  signature: null,
});
const NO_SINK: IngestSink = {
  createIncoming: () => {
    throw new Error('not used');
  },
  ingest: () => Promise.reject(new Error('not used')),
};

describe('a polling round (SQLite)', () => {
  let dir: string;
  let ds: Awaited<ReturnType<typeof openDatabase>>;
  let repo: PollingStateRepository;
  let ref: SourceRef;
  let row: DicomwebSourceEntity;
  let driver: ScriptedSource;

  const round = (o: { watermark?: Date | null; signal?: AbortSignal } = {}) =>
    new PollRound({
      driver,
      repo,
      ref,
      sink: NO_SINK,
      identity: { type: SourceType.DicomwebPoller, name: 'scripted' },
      concurrency: 2,
      ctx: {
        source: row,
        credentials: null,
        cursor: { watermark: o.watermark ?? null, since: null },
        signal: o.signal ?? new AbortController().signal,
      },
    }).run();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-poll-round-'));
    ds = await openDatabase({ databaseUrl: null, sqlitePath: join(dir, 'axiom.sqlite') }, { migrate: true });
    repo = new PollingStateRepository(ds);
    row = await new DicomwebSourceConfigStore(ds).insert({
      name: 'scripted',
      baseUrl: 'http://127.0.0.1:1',
      description: null,
      secrets: null,
      searchFilters: null,
    });
    ref = { kind: 'dicomweb', id: row.id };
    driver = new ScriptedSource();
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retrieves what is new, retries only what failed, and moves the cursor only past complete studies', async () => {
    driver.studies = [study('1.1', '2024-01-01T00:00:00Z', 'n=2'), study('1.2', '2024-02-01T00:00:00Z', 'n=3')];
    driver.items.set('1.1', [instance('1.1', '1.1.1'), instance('1.1', '1.1.2')]);
    driver.items.set(
      '1.2',
      ['1.2.1', '1.2.2', '1.2.3'].map((s) => instance('1.2', s)),
    );
    driver.failing.set('1.2.2', { error: 'WADO-RS answered 503', permanent: false });
    const first = await round();
    expect(driver.peak).toBeLessThanOrEqual(2);
    expect(first.counts).toEqual({
      studiesFound: 2,
      studiesQueued: 1,
      itemsFound: 5,
      itemsQueued: 4,
      instancesProcessed: 4,
    });
    expect(first.errors).toEqual(['instance 1.2.2: WADO-RS answered 503']);
    expect(first.watermark?.toISOString()).toBe('2024-01-31T23:59:59.999Z');

    driver.retrieved = [];
    driver.failing.clear();
    const second = await round();
    expect(driver.retrieved).toEqual(['1.2.2']);
    expect(second.counts).toMatchObject({ studiesFound: 1, studiesQueued: 1, itemsQueued: 1 });
    expect(second.watermark?.toISOString()).toBe('2024-02-01T00:00:00.000Z');

    driver.retrieved = [];
    const third = await round();
    expect(driver.retrieved).toEqual([]);
    expect(third.counts.studiesFound).toBe(0);
  });

  it('fetches only the late series of a grown study, and records an item refused for good as seen', async () => {
    driver.studies = [study('1.1', '2024-01-01T00:00:00Z', 'n=4')];
    driver.items.set(
      '1.1',
      ['1.1.1', '1.1.2', '1.1.3', '1.1.4'].map((s) => instance('1.1', s)),
    );
    driver.failing.set('1.1.4', { error: 'malformed DICOM', permanent: true });
    driver.retrieved = [];
    const grown = await round();
    expect(driver.retrieved.sort()).toEqual(['1.1.3', '1.1.4']);
    expect(grown.errorCount).toBe(1);
    expect(grown.counts).toMatchObject({ studiesQueued: 1, itemsQueued: 1 });
    driver.retrieved = [];
    await round();
    expect(driver.retrieved).toEqual([]);
  });

  it('does not ask again for what the ledger already holds from the source (a kill between ingest and seen record)', async () => {
    await new LedgerRepository(ds).recordReceived({
      sourceType: SourceType.DicomwebPoller,
      sourceName: 'scripted',
      callingAeTitle: null,
      calledAeTitle: null,
      peerAddress: null,
      studyInstanceUid: '1.3',
      seriesInstanceUid: '1.3.1',
      sopInstanceUid: '1.3.1',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      datasetOffset: 132,
      spoolPath: join(dir, 'x.dcm'),
      sizeBytes: 1,
    });
    driver.studies = [study('1.3', '2024-03-01T00:00:00Z', 'n=2')];
    driver.items.set('1.3', [instance('1.3', '1.3.1'), instance('1.3', '1.3.2')]);
    driver.retrieved = [];
    const result = await round();
    expect(driver.retrieved).toEqual(['1.3.2']);
    expect(result.counts).toMatchObject({ itemsFound: 1, studiesQueued: 1 });
  });

  it('stops when aborted, without moving the cursor or recording the study', async () => {
    driver.studies = [study('1.4', '2024-04-01T00:00:00Z', 'n=1')];
    driver.items.set('1.4', [instance('1.4', '1.4.1')]);
    const controller = new AbortController();
    controller.abort();
    const result = await round({ signal: controller.signal });
    expect(result).toMatchObject({ aborted: true, watermark: null, errorCount: 0 });
    expect((await repo.seen(ref, 'study', ['1.4'])).size).toBe(0);
  });
});
