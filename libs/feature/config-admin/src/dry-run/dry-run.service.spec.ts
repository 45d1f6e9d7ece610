import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DicomFile } from '@axiom/dicom-io';
import { sampleCorpusDir } from '@axiom/dicom-io/testing';
import type { RulesetDefinition } from '@axiom/domain';
import { dicomJsonShapeErrors } from './dicom-json-shape';
import { DryRunService, type UploadedDicom } from './dry-run.service';
import type { RulesetLoader } from './ruleset-loader';

const ruleset: RulesetDefinition = {
  id: 1,
  name: 'rs',
  isActive: true,
  priority: 0,
  executionMode: 'ALL_MATCHES',
  rules: [
    {
      id: 5,
      name: 'CT',
      isActive: true,
      priority: 0,
      matchCriteria: [{ tag: 'Modality', op: 'eq', value: 'CT' }],
      associationCriteria: [{ parameter: 'CALLING_AE_TITLE', op: 'eq', value: 'CT1' }],
      applicableSources: null,
      destinationIds: [9],
      tagModifications: [{ action: 'set', tag: 'PatientName', value: 'X^Y' }],
    },
  ],
};
const inactive: RulesetDefinition = {
  id: 2,
  name: 'off',
  isActive: false,
  priority: 0,
  executionMode: 'ALL_MATCHES',
  rules: [
    {
      id: 7,
      name: 'any CT',
      isActive: true,
      priority: 0,
      matchCriteria: [{ tag: 'Modality', op: 'eq', value: 'CT' }],
      associationCriteria: [],
      applicableSources: ['ct', 'nope'],
      destinationIds: [3],
      tagModifications: [],
    },
  ],
};
const loader: RulesetLoader = {
  loadActive: () => Promise.resolve([ruleset]),
  loadOne: (id) => Promise.resolve(id === 1 ? ruleset : id === 2 ? inactive : null),
};
const knownSources = { names: () => Promise.resolve(new Set(['ct', 'api_json', 'stow_rs'])) };
const service = new DryRunService(loader, {}, undefined, knownSources);

function upload(name: string): UploadedDicom {
  const path = join(sampleCorpusDir(), name);
  return { path, size: statSync(path).size };
}

describe('DryRunService', () => {
  it('dry-runs an uploaded file with its association parameters', async () => {
    const r = await service.processFile(upload('ct-explicit-le.dcm'), {
      calling_ae_title: 'CT1',
      source_identifier: 'ct',
    });
    expect(r.applied_rule_ids).toEqual([5]);
    expect(r.destination_ids).toEqual([9]);
    expect(r.diff[0]).toMatchObject({ tag: '(0010,0010)', after: ['X^Y'] });
  });

  it('evaluates a ruleset asked for by id even when it is inactive, and says it is inactive', async () => {
    const r = await service.processFile(upload('ct-explicit-le.dcm'), { ruleset_id: 2, source_identifier: 'ct' });
    expect(r.applied_rule_ids).toEqual([7]);
    expect(r.rulesets).toEqual([expect.objectContaining({ ruleset_id: 2, is_active: false })]);
    expect(r.diff).toEqual([]);
    expect(r.warnings).toContain('rule 7 "any CT": applicable_sources[1]: no source named "nope"');
    const json = await service.processJson({
      dicom_json: { '00080060': { vr: 'CS', Value: ['CT'] } },
      ruleset_id: 2,
      source_identifier: 'ct',
    });
    expect(json.applied_rule_ids).toEqual([7]);
    expect(json.warnings).toContain('rule 7 "any CT": applicable_sources[1]: no source named "nope"');
  });

  it('reads the whole file only when a matched rule modifies the instance', async () => {
    const whole = jest.spyOn(DicomFile, 'read');
    try {
      await service.processFile(upload('ct-explicit-le.dcm'), { ruleset_id: 2, source_identifier: 'ct' }); // matches, no modifications
      expect(whole).not.toHaveBeenCalled();
      await service.processFile(upload('ct-explicit-le.dcm'), { calling_ae_title: 'CT1' }); // matches and sets PatientName
      expect(whole).toHaveBeenCalledTimes(1);
    } finally {
      whole.mockRestore();
    }
  });

  it.each([
    [undefined, /multipart field "file"/],
    [upload('invalid/not-dicom-jpeg.dcm'), /not a readable DICOM file/],
  ])('refuses a missing or unreadable file', async (file, message) => {
    await expect(service.processFile(file, {})).rejects.toMatchObject({ detail: expect.stringMatching(message) });
  });

  it('dry-runs DICOM JSON and reports an unknown ruleset', async () => {
    const r = await service.processJson({ dicom_json: { '00080060': { vr: 'CS', Value: ['CT'] } } });
    expect(r.applied_rule_ids).toEqual([]); // the association criterion needs CALLING_AE_TITLE CT1
    await expect(service.processJson({ dicom_json: {}, ruleset_id: 3 })).rejects.toMatchObject({
      detail: 'ruleset 3 not found',
    });
  });

  it('answers malformed DICOM JSON with a 422 naming the attribute, never an exception text', async () => {
    const bad = { '00100010': { vr: 'PN', Value: 'Doe^John' } };
    await expect(service.processJson({ dicom_json: bad })).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'dicom_json.00100010.Value', message: 'must be an array' }],
    });
    expect(
      dicomJsonShapeErrors({ '00081110': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: [{}] } }] } }),
    ).toEqual([
      { path: 'dicom_json.00081110.Value[0].00081155.Value[0]', message: 'must be a string, a number or null' },
    ]);
    expect(
      dicomJsonShapeErrors({ '7FE00010': { vr: 'OB', InlineBinary: 12 }, zz: {}, '00080060': { Value: [] } }).map(
        (e) => e.path,
      ),
    ).toEqual(['dicom_json.7FE00010.InlineBinary', 'dicom_json.zz', 'dicom_json.00080060.vr']);
    expect(
      dicomJsonShapeErrors({
        '00100010': { vr: 'PN', Value: [{ Alphabetic: 'A^B' }, null] },
        '00280010': { vr: 'US', Value: [512] },
      }),
    ).toEqual([]);
  });
});
