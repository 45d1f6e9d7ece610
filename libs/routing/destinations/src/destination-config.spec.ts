import { AuthType, DestinationType } from '@axiom/domain';
import { parseDestinationConfig } from './destination-config';
import { gcsObjectName } from './gcs.destination';
import { readStowAnswer } from './stow/stow-answer';
import { authHeaders, studiesUrl } from './stow-rs.destination';

describe('typed destination configuration', () => {
  it('reads each STOW-RS auth type with its credentials and names what is missing', () => {
    const basic = parseDestinationConfig(DestinationType.StowRs, {
      base_url: 'https://pacs/dicom-web/',
      auth_type: 'basic',
      auth_config: { username: 'u', password: 'p' },
    });
    expect(basic).toEqual({
      problems: [],
      config: {
        backend_type: 'stow_rs',
        base_url: 'https://pacs/dicom-web/',
        auth: { type: AuthType.Basic, username: 'u', password: 'p' },
      },
    });
    expect(authHeaders({ type: AuthType.Basic, username: 'u', password: 'p' })).toEqual({
      Authorization: `Basic ${Buffer.from('u:p').toString('base64')}`,
    });
    expect(authHeaders({ type: AuthType.ApiKey, header_name: 'X-Key', key: 'k' })).toEqual({ 'X-Key': 'k' });
    expect(studiesUrl('https://pacs/dicom-web/')).toBe('https://pacs/dicom-web/studies');
    expect(
      parseDestinationConfig(DestinationType.StowRs, { base_url: 'ftp://x', auth_type: 'bearer', auth_config: {} })
        .problems,
    ).toEqual([
      { path: 'base_url', message: 'must be an http or https URL' },
      { path: 'auth_config.token', message: 'required for auth_type bearer' },
    ]);
  });

  it('checks the cloud types: required fields, a service-account key that is a JSON object', () => {
    expect(parseDestinationConfig(DestinationType.Gcs, { bucket: 'b', prefix: null }).config).toEqual({
      backend_type: 'gcs',
      bucket: 'b',
      prefix: null,
      service_account_json: null,
    });
    expect(parseDestinationConfig(DestinationType.Gcs, { bucket: 'b', service_account_json: '[1]' }).problems).toEqual([
      { path: 'service_account_json', message: 'must be a JSON object' },
    ]);
    expect(
      parseDestinationConfig(DestinationType.GoogleHealthcare, {
        gcp_project_id: 'p',
        gcp_location: 'l',
        gcp_dataset_id: 'd',
      }).problems,
    ).toEqual([{ path: 'gcp_dicom_store_id', message: 'required' }]);
  });

  it('names GCS objects <prefix>/<study>/<series>/<sop>.dcm, with unsafe UIDs hashed', () => {
    const o = {
      path: '',
      datasetOffset: 0,
      sopClassUid: '1.2',
      sopInstanceUid: '1.2.3',
      studyInstanceUid: '1.2.1',
      seriesInstanceUid: '1.2.2',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
    };
    expect(gcsObjectName('/routed/', o)).toBe('routed/1.2.1/1.2.2/1.2.3.dcm');
    expect(gcsObjectName(null, { ...o, studyInstanceUid: null, seriesInstanceUid: '../x' })).toMatch(
      /^unknown\/invalid-[0-9a-f]{16}\/1\.2\.3\.dcm$/,
    );
  });

  it('reads the stored and failed instances of a STOW-RS answer', () => {
    const answer = {
      '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.1'] } }] },
      '00081198': {
        vr: 'SQ',
        Value: [{ '00081155': { vr: 'UI', Value: ['1.2'] }, '00081197': { vr: 'US', Value: [0xc000] } }],
      },
    };
    const read = readStowAnswer(Buffer.from(JSON.stringify(answer)));
    expect([...(read?.stored ?? [])]).toEqual(['1.1']);
    expect([...(read?.failed ?? [])]).toEqual([['1.2', 0xc000]]);
    expect(readStowAnswer(Buffer.from('<html>'))).toBeNull();
  });
});
