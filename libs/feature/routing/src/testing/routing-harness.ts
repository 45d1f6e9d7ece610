import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DicomFile } from '@axiom/dicom-io';
import { InstanceState, Messages, SourceType, TagModification } from '@axiom/domain';
import { InProcessBroker } from '@axiom/messaging';
import {
  InstanceEntity,
  RuleEntity,
  RulesetEntity,
  DestinationEntity,
  createScratchPostgres,
} from '@axiom/persistence';
import { APP_CONFIG, AppConfig, loadConfig } from '@axiom/platform-config';
import { RuntimeModule } from '@axiom/runtime';
import { filesystemBackendFields, ruleFields, rulesetFields } from '@axiom/testing';
import { DeliveryService } from '../delivery.service';
import { RoutingModule } from '../routing.module';
import { RoutingService } from '../routing.service';
import { SweeperService } from '../sweeper.service';

export type Dialect = 'sqlite' | 'postgres';

/** A sample with Study and Series UIDs (from the shared corpus). */
export const SAMPLE = join(
  resolve(process.env['DICOM_SAMPLES_DIR'] ?? join(__dirname, '../../../../../../shared/dicom-samples')),
  'charset-iso-ir-100-latin1.dcm',
);

export interface RoutingHarness {
  app: INestApplication;
  config: AppConfig;
  db: DataSource;
  dir: string;
  routing: RoutingService;
  delivery: DeliveryService;
  sweeper: SweeperService;
  /** Messages published and not consumed (nothing consumes in the harness). */
  published(name: (typeof Messages)[keyof typeof Messages]): number;
  backend(name: string, options?: { enabled?: boolean; path?: string }): Promise<DestinationEntity>;
  /** A rule to these destinations in a new ruleset, which becomes the only active one. */
  rule(destinations: DestinationEntity[], tagModifications?: TagModification[]): Promise<RuleEntity>;
  /** A spooled, received instance of a sample file (SAMPLE by default). */
  receive(sample?: string): Promise<InstanceEntity>;
  instance(id: number): Promise<InstanceEntity>;
  close(): Promise<void>;
}

/** The routing feature on a migrated database of the dialect, with an in-process broker that nobody consumes. */
export async function createRoutingHarness(
  dialect: Dialect,
  env: Record<string, string> = {},
  overrides: Partial<AppConfig> = {},
): Promise<RoutingHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'axiom-routing-'));
  const pg = dialect === 'postgres' ? await createScratchPostgres('routing') : null;
  const base = loadConfig({ AXIOM_DATA_DIR: join(dir, 'data'), AXIOM_SQLITE_FILE: 'routing.sqlite', ...env });
  const config: AppConfig = { ...base, databaseUrl: pg?.url ?? null };
  const broker = new InProcessBroker(1);
  // the routing code sees the overrides (the distributed mode's rules, say); the database and broker stay the harness's
  const moduleRef = await Test.createTestingModule({
    imports: [RuntimeModule.forRoot(config, { migrate: true, broker }), RoutingModule],
  })
    .overrideProvider(APP_CONFIG)
    .useValue({ ...config, ...overrides })
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  const db = app.get<DataSource>(getDataSourceToken());
  let names = 0;
  return {
    app,
    config,
    db,
    dir,
    routing: app.get(RoutingService),
    delivery: app.get(DeliveryService),
    sweeper: app.get(SweeperService),
    published: (name) => broker.depth(name),
    async backend(name, options = {}) {
      const repo = db.getRepository(DestinationEntity);
      return repo.save(
        repo.create(
          filesystemBackendFields(options.path ?? join(dir, 'out', name), { name, isEnabled: options.enabled ?? true }),
        ),
      );
    },
    async rule(destinations, tagModifications = []) {
      // the new rule is the only active one, so that earlier tests' rules do not match
      const rulesets = db.getRepository(RulesetEntity);
      await rulesets.update({ isActive: true }, { isActive: false });
      const ruleset = await rulesets.save(rulesets.create(rulesetFields({ priority: ++names })));
      const rules = db.getRepository(RuleEntity);
      const saved = await rules.save(
        rules.create(ruleFields(ruleset.id, destinations, { priority: 1, tagModifications })),
      );
      await new Promise((r) => setTimeout(r, 1100)); // past the ruleset loader's one-second cache
      return saved;
    },
    async receive(sample = SAMPLE) {
      const ids = (await DicomFile.readHeader(sample)).identity();
      const spoolDir = join(config.spoolPath, 'instances', 'test');
      mkdirSync(spoolDir, { recursive: true });
      const spoolPath = join(spoolDir, `${Date.now()}-${++names}.dcm`);
      copyFileSync(sample, spoolPath);
      const repo = db.getRepository(InstanceEntity);
      return repo.save(
        repo.create({
          sourceType: SourceType.DimseListener,
          sourceName: 'default',
          callingAeTitle: 'SCU',
          calledAeTitle: 'AXIOM',
          peerAddress: '127.0.0.1',
          studyInstanceUid: ids.studyInstanceUid ?? null,
          seriesInstanceUid: ids.seriesInstanceUid ?? null,
          sopInstanceUid: ids.sopInstanceUid ?? '',
          sopClassUid: ids.sopClassUid ?? '',
          transferSyntaxUid: '1.2.840.10008.1.2.1',
          spoolPath,
          sizeBytes: 1,
          receivedAt: new Date(),
          state: InstanceState.Received,
          routedAt: null,
          completedAt: null,
          matchedRules: null,
          morphing: null,
          errorMessage: null,
        }),
      );
    },
    instance: (id) => db.getRepository(InstanceEntity).findOneByOrFail({ id }),
    async close() {
      broker.close();
      await app.close();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
