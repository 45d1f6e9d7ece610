import { DictionaryService } from './dictionary.service';

describe('dictionary search for the rule editor', () => {
  const dictionary = new DictionaryService();
  const keywords = (q: string, limit = 20) => dictionary.search(q, limit).map((e) => e.keyword);

  it('offers short prefix matches first, with tag and VR', () => {
    const found = dictionary.search('Pat', 5);
    expect(found).toHaveLength(5);
    expect(found.every((e) => e.keyword.startsWith('Pat'))).toBe(true);
    expect(keywords('patientn', 3)[0]).toBe('PatientName');
    expect(dictionary.search('PatientName', 1)).toEqual([{ keyword: 'PatientName', tag: '(0010,0010)', vr: 'PN' }]);
  });

  it('finds by part of a keyword or by tag, and leaves out retired and command elements', () => {
    expect(keywords('StudyInstance')).toContain('StudyInstanceUID');
    expect(keywords('InstanceUID', 100)).toEqual(expect.arrayContaining(['SOPInstanceUID', 'SeriesInstanceUID']));
    expect(keywords('0008,0060')).toEqual(['Modality']);
    expect(keywords('00100020')).toEqual(['PatientID']);
    expect(keywords('AffectedSOPClassUID')).toEqual([]);
    expect(keywords('RETIRED_', 100)).toEqual([]);
    expect(keywords('zzzz')).toEqual([]);
  });
});
