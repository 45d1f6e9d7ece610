import { readSampleFile } from '@axiom/dicom-io';
import type { RulesetDefinition } from '@axiom/domain';
import { DryRunService } from './dry-run.service';
import type { RulesetLoader } from './ruleset-loader';

const ruleset: RulesetDefinition = {
  id: 1, name: 'rs', isActive: true, priority: 0, executionMode: 'ALL_MATCHES',
  rules: [{ id: 5, name: 'CT', isActive: true, priority: 0, matchCriteria: [{ tag: 'Modality', op: 'eq', value: 'CT' }],
    associationCriteria: [{ parameter: 'CALLING_AE_TITLE', op: 'eq', value: 'CT1' }], applicableSources: null, destinationIds: [9],
    tagModifications: [{ action: 'set', tag: 'PatientName', value: 'X^Y' }] }],
};
const loader: RulesetLoader = { loadActive: () => Promise.resolve([ruleset]), loadOne: (id) => Promise.resolve(id === 1 ? ruleset : null) };
const service = new DryRunService(loader, {});

describe('DryRunService', () => {
  it('dry-runs an uploaded file with its association parameters', async () => {
    const r = await service.processFile({ buffer: readSampleFile('ct-explicit-le.dcm') }, { calling_ae_title: 'CT1', source_identifier: 'ct' });
    expect(r.applied_rule_ids).toEqual([5]);
    expect(r.destination_ids).toEqual([9]);
    expect(r.diff[0]).toMatchObject({ tag: '(0010,0010)', after: ['X^Y'] });
  });

  it.each([
    [undefined, /multipart field "file"/],
    [{ buffer: readSampleFile('invalid/not-dicom-jpeg.dcm') }, /not a readable DICOM file/],
  ])('refuses a missing or unreadable file', async (upload, message) => {
    await expect(service.processFile(upload, {})).rejects.toMatchObject({ detail: expect.stringMatching(message) });
  });

  it('dry-runs DICOM JSON and reports an unknown ruleset', async () => {
    const r = await service.processJson({ dicom_json: { '00080060': { vr: 'CS', Value: ['CT'] } } });
    expect(r.applied_rule_ids).toEqual([]); // the association criterion needs CALLING_AE_TITLE CT1
    await expect(service.processJson({ dicom_json: {}, ruleset_id: 2 })).rejects.toMatchObject({ detail: 'ruleset 2 not found' });
  });
});
