import { QueryFilterError, dicomDate, matchingKeys, resolveStudyDate } from './query-filters';

describe('StudyDate of a DIMSE Q/R source at query time', () => {
  // local time, as DICOM dates are the site's dates
  const now = new Date(2026, 2, 1, 0, 30);

  it('turns TODAY and YESTERDAY into that day, across a month end', () => {
    expect(resolveStudyDate('TODAY', now)).toBe('20260301');
    expect(resolveStudyDate('yesterday', now)).toBe('20260228');
  });

  it('turns -<N>d into the range from N days ago to today', () => {
    expect(resolveStudyDate('-1d', now)).toBe('20260228-20260301');
    expect(resolveStudyDate('-7d', now)).toBe('20260222-20260301');
    expect(resolveStudyDate('-365d', new Date(2024, 11, 31))).toBe('20240101-20241231');
    expect(resolveStudyDate('-0d', now)).toBe('20260301-20260301');
  });

  it('passes DICOM dates and open or closed ranges unchanged', () => {
    for (const v of ['20250101', '20250101-', '-20250131', '20250101-20250131'])
      expect(resolveStudyDate(v, now)).toBe(v);
  });

  it('refuses anything else', () => {
    for (const v of ['2025-01-01', 'LASTWEEK', '-d', '-12345d', '20250101-2025'])
      expect(() => resolveStudyDate(v, now)).toThrow(QueryFilterError);
  });

  it('resolves only StudyDate among the filters, at the given instant', () => {
    expect(matchingKeys({ StudyDate: '-2d', ModalitiesInStudy: 'CT', PatientID: 'TODAY' }, now)).toEqual({
      StudyDate: '20260227-20260301',
      ModalitiesInStudy: 'CT',
      PatientID: 'TODAY',
    });
    expect(matchingKeys(null, now)).toEqual({});
  });

  it('writes local dates', () => {
    expect(dicomDate(new Date(2026, 0, 9, 23, 59))).toBe('20260109');
  });
});
