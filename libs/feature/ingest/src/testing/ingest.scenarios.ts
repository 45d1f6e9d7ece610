import { copyFileSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InstanceState, MessageName, MessagePayloads, SourceType } from '@axiom/domain';
import { MessagePublisher } from '@axiom/messaging';
import { InstanceEntity, createScratchPostgres } from '@axiom/persistence';
import { loadConfig } from '@axiom/platform-config';
import { RuntimeModule } from '@axiom/runtime';
import { SpoolService } from '@axiom/spool';
import { IngestModule } from '../ingest.module';
import { IngestService } from '../ingest.service';

const SAMPLE = join(
  resolve(process.env['DICOM_SAMPLES_DIR'] ?? join(__dirname, '../../../../../../shared/dicom-samples')),
  'charset-iso-ir-100-latin1.dcm',
);

/** A broker that confirms, or refuses when told to. */
class FailingPublisher extends MessagePublisher {
  failing = false;
  readonly published: { name: MessageName; payload: unknown }[] = [];

  async publish<N extends MessageName>(name: N, payload: MessagePayloads[N]): Promise<void> {
    if (this.failing) throw new Error('broker unreachable');
    this.published.push({ name, payload });
  }

  isHealthy(): boolean {
    return !this.failing;
  }
}

/** Ingest on a real database of the dialect, with a broker, a spool and a database that fail on command. */
export function ingestScenarios(dialect: 'sqlite' | 'postgres'): void {
  let app: INestApplication;
  let db: DataSource;
  let ingest: IngestService;
  let spool: SpoolService;
  let dir: string;
  let drop: (() => Promise<void>) | undefined;
  const publisher = new FailingPublisher();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-ingest-int-'));
    const pg = dialect === 'postgres' ? await createScratchPostgres('ingest') : null;
    drop = pg?.drop;
    const config = { ...loadConfig({ AXIOM_DATA_DIR: join(dir, 'data') }), databaseUrl: pg?.url ?? null };
    const moduleRef = await Test.createTestingModule({
      imports: [RuntimeModule.forRoot(config, { migrate: true }), IngestModule],
    })
      .overrideProvider(MessagePublisher)
      .useValue(publisher)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    db = app.get<DataSource>(getDataSourceToken());
    ingest = app.get(IngestService);
    spool = app.get(SpoolService);
    await spool.init();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    publisher.failing = false;
  });

  let uploads = 0;
  const upload = (): string => {
    const path = join(spool.incomingDir, `upload-${++uploads}.part`);
    copyFileSync(SAMPLE, path);
    return path;
  };
  const receive = (tempPath: string) =>
    ingest.ingest({ tempPath, sourceType: SourceType.DimseListener, sourceName: 'test', callingAeTitle: 'SCU' });
  const rows = () => db.getRepository(InstanceEntity).count();
  const spooled = () =>
    readdirSync(join(spool.incomingDir, '..', 'instances'), { recursive: true }).filter((f) =>
      String(f).endsWith('.dcm'),
    ).length;

  it('acknowledges only what is kept: file in the spool, row committed with its facts, message published', async () => {
    const outcome = await receive(upload());
    expect(outcome.ok).toBe(true);
    const row = await db.getRepository(InstanceEntity).findOneByOrFail({ id: outcome.ok ? outcome.instanceId : 0 });
    expect(row).toEqual(
      expect.objectContaining({ state: InstanceState.Received, datasetOffset: expect.any(Number), routingAttempts: 0 }),
    );
    expect(existsSync(row.spoolPath)).toBe(true);
    expect(publisher.published.at(-1)).toEqual({ name: 'instance.received', payload: { instanceId: row.id } });
  });

  it('keeps nothing and acknowledges nothing when the broker refuses', async () => {
    const [before, files] = [await rows(), spooled()];
    publisher.failing = true;
    const outcome = await receive(upload());
    expect(outcome).toEqual(
      expect.objectContaining({ ok: false, kind: 'unavailable', reason: expect.stringMatching(/^broker unavailable/) }),
    );
    expect(await rows()).toBe(before);
    expect(spooled()).toBe(files);
  });

  it('keeps nothing and acknowledges nothing when the database refuses', async () => {
    const [before, files] = [await rows(), spooled()];
    await db.query('ALTER TABLE instances RENAME TO instances_away');
    let outcome: Awaited<ReturnType<typeof receive>>;
    try {
      outcome = await receive(upload());
    } finally {
      await db.query('ALTER TABLE instances_away RENAME TO instances');
    }
    expect(outcome).toEqual(
      expect.objectContaining({
        ok: false,
        kind: 'unavailable',
        reason: expect.stringMatching(/^database unavailable/),
      }),
    );
    expect(await rows()).toBe(before);
    expect(spooled()).toBe(files);
  });

  it('acknowledges nothing when the spool cannot take the file', async () => {
    const before = await rows();
    const instances = join(spool.incomingDir, '..', 'instances');
    renameSync(instances, `${instances}.away`);
    writeFileSync(instances, 'not a folder'); // the spool's folder cannot be made or written
    let outcome: Awaited<ReturnType<typeof receive>>;
    try {
      outcome = await receive(upload());
    } finally {
      rmSync(instances);
      renameSync(`${instances}.away`, instances);
    }
    expect(outcome).toEqual(
      expect.objectContaining({ ok: false, kind: 'unavailable', reason: expect.stringMatching(/^spool unavailable/) }),
    );
    expect(await rows()).toBe(before);
  });

  it('checks the file and commits its row while its fsync runs; the file enters the spool, and the outcome is ok, after it', async () => {
    const [before, files] = [await rows(), spooled()];
    let synced: () => void = () => undefined;
    const durable = new Promise<void>((resolve) => {
      synced = resolve;
    });
    let settled = false;
    const outcome = ingest
      .ingest({ tempPath: upload(), durable, sourceType: SourceType.DimseListener, sourceName: 'test' })
      .finally(() => {
        settled = true;
      });
    for (const deadline = Date.now() + 5000; (await rows()) === before;) {
      if (Date.now() > deadline) throw new Error('the row was not committed while the fsync ran');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(spooled()).toBe(files); // no name in the spool before the bytes are durable
    expect(settled).toBe(false);
    synced();
    expect((await outcome).ok).toBe(true);
    expect(spooled()).toBe(files + 1);
  });

  it('keeps nothing and acknowledges nothing when the file cannot be made durable', async () => {
    const [before, files] = [await rows(), spooled()];
    const tempPath = upload();
    const outcome = await ingest.ingest({
      tempPath,
      durable: Promise.reject(new Error('EIO: i/o error, fdatasync')),
      sourceType: SourceType.DimseListener,
      sourceName: 'test',
    });
    expect(outcome).toEqual(
      expect.objectContaining({
        ok: false,
        kind: 'unavailable',
        reason: expect.stringMatching(/^spool unavailable: EIO/),
      }),
    );
    expect(await rows()).toBe(before);
    expect(spooled()).toBe(files);
    expect(existsSync(tempPath)).toBe(false);
  });

  it('records concurrent instances (group commit) each with its own row', async () => {
    const before = await rows();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => receive(upload())));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const ids = outcomes.map((o) => (o.ok ? o.instanceId : 0));
    expect(new Set(ids).size).toBe(6);
    expect(await rows()).toBe(before + 6);
  });
}
