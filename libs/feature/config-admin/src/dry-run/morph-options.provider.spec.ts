import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FactoryProvider, Global, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadMorphSecret } from '@axiom/auth';
import type { RulesetDefinition } from '@axiom/domain';
import {
  DestinationConfigStore,
  DicomwebSourceConfigStore,
  DimseListenerConfigStore,
  DimseQrSourceConfigStore,
  RuleConfigStore,
  RulesetConfigStore,
} from '@axiom/persistence';
import { type MorphOptions, processJson } from '@axiom/rule-engine';
import { APP_CONFIG, type AppConfig, loadConfig } from '@axiom/platform-config';
import { DryRunModule } from './dry-run.module';
import { DryRunService } from './dry-run.service';
import { dryRunMorphOptionsProvider } from './morph-options.provider';
import type { RulesetLoader } from './ruleset-loader';

const ruleset: RulesetDefinition = {
  id: 1,
  name: 'rs',
  isActive: true,
  priority: 0,
  executionMode: 'ALL_MATCHES',
  rules: [
    {
      id: 2,
      name: 'hash',
      isActive: true,
      priority: 0,
      matchCriteria: [],
      associationCriteria: [],
      applicableSources: null,
      destinationIds: [1],
      tagModifications: [{ action: 'hash_uid', tag: 'StudyInstanceUID' }],
    },
  ],
};
const dicomJson = { '00080060': { vr: 'CS', Value: ['CT'] }, '0020000D': { vr: 'UI', Value: ['1.2.3.4.5'] } };
const studyUidOf = (json: unknown): unknown =>
  (json as Record<string, { Value?: unknown[] }> | null)?.['0020000D']?.Value?.[0];

@Injectable()
class OneRuleset implements RulesetLoader {
  loadActive(): Promise<RulesetDefinition[]> {
    return Promise.resolve([ruleset]);
  }
  loadOne(): Promise<RulesetDefinition> {
    return Promise.resolve(ruleset);
  }
}

@Module({ providers: [OneRuleset], exports: [OneRuleset] })
class OneRulesetModule {}

/** The dry-run module as both apps import it, on this configuration, with no database (no source has a name). */
async function dryRunServiceOf(config: AppConfig): Promise<DryRunService> {
  @Global()
  @Module({ providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] })
  class ConfigModule {}
  let builder = Test.createTestingModule({
    imports: [ConfigModule, DryRunModule.forRoot({ imports: [OneRulesetModule], useExisting: OneRuleset })],
  });
  for (const store of [
    DimseListenerConfigStore,
    DicomwebSourceConfigStore,
    DimseQrSourceConfigStore,
    DestinationConfigStore,
    RulesetConfigStore,
    RuleConfigStore,
  ]) {
    builder = builder.overrideProvider(store).useValue({ names: () => Promise.resolve([]) });
  }
  return (await builder.compile()).get(DryRunService);
}

describe("the dry runs' morph options", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-dry-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("carry the worker's secret, so a dry run of hash_uid shows the UID the worker will deliver", async () => {
    const config = loadConfig({ AXIOM_DATA_DIR: dir });
    const options = (dryRunMorphOptionsProvider as FactoryProvider<MorphOptions>).useFactory(config) as MorphOptions;
    const worker = loadMorphSecret(config); // what RoutingService passes to applyModifications
    expect(options).toEqual({ uidSecret: worker, dateShiftSecret: worker });
    const loader = { loadActive: () => Promise.resolve([ruleset]), loadOne: () => Promise.resolve(ruleset) };
    const dry = await new DryRunService(loader, options).processJson({ dicom_json: dicomJson });
    const expected = processJson({
      dicomJson,
      rulesets: [ruleset],
      options: { uidSecret: worker, dateShiftSecret: worker },
    });
    expect(studyUidOf(dry.morphed_json)).toMatch(/^2\.25\.\d+$/);
    expect(studyUidOf(dry.morphed_json)).toBe(studyUidOf(expected.morphed_json));
    expect(dry.warnings.join('\n')).not.toMatch(/no UID secret/);
  });

  it.each([
    ['embedded', (dataDir: string) => loadConfig({ AXIOM_DATA_DIR: dataDir })],
    [
      'distributed',
      (dataDir: string) =>
        loadConfig(
          {
            AXIOM_DATA_DIR: dataDir,
            DATABASE_URL: 'postgres://u@h/db',
            RABBITMQ_URL: 'amqp://g:g@h:5672',
            AXIOM_MORPH_SECRET: 'a-shared-morph-secret-of-the-site',
          },
          { requireDistributed: true },
        ),
    ],
  ])('are what DryRunModule gives the dry runs in the %s mode', async (_mode, configOf) => {
    const config = configOf(dir);
    const worker = loadMorphSecret(config);
    expect(worker).toBeDefined();
    const dry = await (await dryRunServiceOf(config)).processJson({ dicom_json: dicomJson });
    const expected = processJson({
      dicomJson,
      rulesets: [ruleset],
      options: { uidSecret: worker, dateShiftSecret: worker },
    });
    expect(studyUidOf(dry.morphed_json)).toMatch(/^2\.25\.\d+$/);
    expect(studyUidOf(dry.morphed_json)).toBe(studyUidOf(expected.morphed_json));
  });
});
