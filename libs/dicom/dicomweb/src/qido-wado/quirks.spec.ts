import { authHeaders, authOf, joinUrl, printableUrl } from './endpoint';
import { hasNextPage, refusesAccept, splitUrlCredentials, studyChangeTime, studySignature } from './quirks';

describe('DICOMweb quirks', () => {
  it('joins base, prefix and path with one slash, an empty prefix included', () => {
    expect(joinUrl('http://pacs/dicom-web/', '', 'studies')).toBe('http://pacs/dicom-web/studies');
    expect(joinUrl('http://pacs', '/qido-rs/', '/studies')).toBe('http://pacs/qido-rs/studies');
    expect(joinUrl('http://pacs/', 'qido-rs', 'studies/1.2/series')).toBe('http://pacs/qido-rs/studies/1.2/series');
  });

  it('reads StudyDate and StudyTime as an ordered instant, in the spellings servers use', () => {
    const at = (date: string, time?: string) =>
      studyChangeTime({
        '00080020': { vr: 'DA', Value: [date] },
        ...(time ? { '00080030': { vr: 'TM', Value: [time] } } : {}),
      });
    expect(at('20240131', '101530.25')?.toISOString()).toBe('2024-01-31T10:15:30.250Z');
    expect(at('2024-01-31', '10:15')?.toISOString()).toBe('2024-01-31T10:15:00.000Z');
    expect(at('20240131')?.toISOString()).toBe('2024-01-31T00:00:00.000Z');
    expect(at('garbage')).toBeNull();
    expect(studyChangeTime({})).toBeNull();
  });

  it('signs a study by its related series and instance counts, or not at all', () => {
    expect(studySignature({ '00201206': { vr: 'IS', Value: [2] }, '00201208': { vr: 'IS', Value: [7] } })).toBe(
      'series=2;instances=7',
    );
    expect(studySignature({ '00201208': { vr: 'IS', Value: [7] } })).toBe('series=?;instances=7');
    expect(studySignature({})).toBeNull();
  });

  it('pages on past a server cap and stops when offset is ignored', () => {
    expect(hasNextPage(['a', 'b'], new Set())).toBe(true);
    expect(hasNextPage([], new Set(['a']))).toBe(false);
    expect(hasNextPage(['a', 'b'], new Set(['a', 'b']))).toBe(false);
    expect(hasNextPage(['b', 'c'], new Set(['a', 'b']))).toBe(true);
  });

  it('falls back to another Accept only on 406 or 400', () => {
    expect([406, 400, 401, 404, 500].map(refusesAccept)).toEqual([true, true, false, false, false]);
  });

  it('takes credentials out of a base URL', () => {
    expect(splitUrlCredentials('http://u%40x:p%3Aw@pacs:8042/dicom-web')).toEqual({
      url: 'http://pacs:8042/dicom-web',
      basic: { username: 'u@x', password: 'p:w' },
    });
    expect(splitUrlCredentials('http://pacs/dicom-web')).toEqual({ url: 'http://pacs/dicom-web', basic: null });
    expect(printableUrl('http://u:p@pacs/x?token=1')).toBe('http://pacs/x');
  });

  it('maps auth_config to headers and names a missing field', () => {
    expect(authHeaders(authOf('basic', { username: 'a', password: 'b' }))).toEqual({
      Authorization: `Basic ${Buffer.from('a:b').toString('base64')}`,
    });
    expect(authHeaders(authOf('bearer', { token: 't' }))).toEqual({ Authorization: 'Bearer t' });
    expect(authHeaders(authOf('apikey', { header_name: 'X-Key', key: 'k' }))).toEqual({ 'X-Key': 'k' });
    expect(authHeaders(authOf('none', null))).toEqual({});
    expect(() => authOf('bearer', {})).toThrow('auth_config.token is not set');
  });
});
