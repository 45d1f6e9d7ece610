import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FactoryProvider } from '@nestjs/common';
import { loadMorphSecret } from '@axiom/auth';
import type { RulesetDefinition } from '@axiom/domain';
import { type MorphOptions, processJson } from '@axiom/rule-engine';
import { loadConfig } from '@axiom/platform-config';
import { DryRunService } from './dry-run.service';
import { dryRunMorphOptionsProvider } from './morph-options.provider';

const ruleset: RulesetDefinition = {
  id: 1, name: 'rs', isActive: true, priority: 0, executionMode: 'ALL_MATCHES',
  rules: [{ id: 2, name: 'hash', isActive: true, priority: 0, matchCriteria: [], associationCriteria: [], applicableSources: null, destinationIds: [1],
    tagModifications: [{ action: 'hash_uid', tag: 'StudyInstanceUID' }] }],
};
const dicomJson = { '00080060': { vr: 'CS', Value: ['CT'] }, '0020000D': { vr: 'UI', Value: ['1.2.3.4.5'] } };
const studyUidOf = (json: unknown): unknown => (json as Record<string, { Value?: unknown[] }> | null)?.['0020000D']?.Value?.[0];

describe('the dry runs\' morph options', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'axiom-dry-secret-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('carry the worker\'s secret, so a dry run of hash_uid shows the UID the worker will deliver', async () => {
    const config = loadConfig({ AXIOM_DATA_DIR: dir });
    const options = (dryRunMorphOptionsProvider as FactoryProvider<MorphOptions>).useFactory(config) as MorphOptions;
    const worker = loadMorphSecret(config); // what RoutingService passes to applyModifications
    expect(options).toEqual({ uidSecret: worker, dateShiftSecret: worker });
    const loader = { loadActive: () => Promise.resolve([ruleset]), loadOne: () => Promise.resolve(ruleset) };
    const dry = await new DryRunService(loader, options).processJson({ dicom_json: dicomJson });
    const expected = processJson({ dicomJson, rulesets: [ruleset], options: { uidSecret: worker, dateShiftSecret: worker } });
    expect(studyUidOf(dry.morphed_json)).toMatch(/^2\.25\.\d+$/);
    expect(studyUidOf(dry.morphed_json)).toBe(studyUidOf(expected.morphed_json));
    expect(dry.warnings.join('\n')).not.toMatch(/no UID secret/);
  });
});
