import { DicomFile } from './dicom-file';
import { readSampleFile } from './testing/sample-corpus';
import { decodeDicomText } from './values';

describe('character sets of the sample corpus', () => {
  it.each([
    ['charset-iso-ir-100-latin1.dcm', 'Buc^Jérôme'],
    ['charset-iso-ir-192-utf8.dcm', 'Wang^XiaoDong=王^小東='],
    ['charset-gb18030.dcm', 'Wang^XiaoDong=王^小东='],
    ['charset-iso-ir-144-cyrillic.dcm', 'Люкceмбypг'],
    ['charset-iso2022-ir87-japanese-kanji.dcm', 'Yamada^Tarou=山田^太郎=やまだ^たろう'],
    ['charset-iso2022-ir13-ir87-japanese-katakana.dcm', 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう'],
    ['charset-iso2022-ir149-korean.dcm', 'Hong^Gildong=洪^吉洞=홍^길동'],
  ])('%s PatientName', (file, name) => {
    expect(DicomFile.parse(readSampleFile(file)).string(0x00100010)).toBe(name);
  });
});

describe('decodeDicomText ISO 2022', () => {
  const esc = (s: string): Buffer => Buffer.from(s.replace(/ESC/g, '\x1b'), 'latin1');
  it.each([
    ['G0 JIS X 0208 back to ASCII', esc('ESC$B;3EDESC(J^X'), ['', 'ISO 2022 IR 87'], '山田^X'],
    [
      'G1 KS X 1001 re-invoked after a delimiter',
      esc('ESC$)C\xc8\xab^ESC$)C\xb1\xe6'),
      ['', 'ISO 2022 IR 149'],
      '홍^길',
    ],
    ['initial G1 katakana (IR 13)', Buffer.from([0xd4, 0xcf]), ['ISO 2022 IR 13'], 'ﾔﾏ'],
    ['ISO 8859-5 in G1 by escape', esc('ESC-L\xbb'), ['ISO 2022 IR 6', 'ISO 2022 IR 144'], 'Л'],
  ])('%s', (_what, bytes, terms, text) => {
    expect(decodeDicomText(bytes, terms)).toBe(text);
  });
});
