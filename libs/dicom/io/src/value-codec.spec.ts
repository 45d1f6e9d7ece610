import { checkValues, encodeCharsetText, encodeValues } from './value-codec';

describe('checkValues', () => {
  it.each([
    ['CS', ['ORIGINAL', 'PRIMARY'], undefined],
    ['CS', ['lower'], /not valid for VR CS/],
    ['CS', ['A'.repeat(17)], /longer than 16/],
    ['DA', ['20240229'], undefined],
    ['DA', ['20230229'], /not a calendar date/],
    ['DA', ['2024-01-01'], /not valid for VR DA/],
    ['TM', ['1430'], undefined],
    ['TM', ['143000.123456'], undefined],
    ['TM', ['14:30'], /not valid/],
    ['DT', ['20240101123000.5+0100'], undefined],
    ['DS', ['-1.5e3'], undefined],
    ['DS', ['abc'], /decimal number/],
    ['IS', ['42'], undefined],
    ['IS', ['4.2'], /integer/],
    ['UI', ['1.2.840.10008.1.2'], undefined],
    ['UI', ['1.02.3'], /UID/],
    ['UI', ['1.' + '2'.repeat(63)], /longer than 64/],
    ['LO', ['Zürich 東京'], undefined],
    ['LO', ['x'.repeat(65)], /longer than 64/],
    ['SH', ['a\tb'], /control/],
    ['PN', ['Doe^John=ドウ^ジョン'], undefined],
    ['AE', ['STORE_SCP'], undefined],
    ['AE', ['A'.repeat(17)], /longer than 16/],
    ['AS', ['045Y'], undefined],
    ['AS', ['45Y'], /nnnD/],
    ['US', ['65535'], undefined],
    ['US', ['65536'], /not a valid US/],
    ['SS', ['-32768'], undefined],
    ['FD', ['1.5'], undefined],
    ['FL', ['x'], /not a valid FL/],
    ['AT', ['(0010,0010)'], undefined],
    ['LT', ['a', 'b'], /single value/],
    ['OB', ['x'], /cannot be set from text/],
    ['DA', ['2024'], /not valid for VR DA/],
    ['UI', ['1.2.é'], /UID/],
  ])('%s %j', (vr, values, problem) => {
    const result = checkValues(vr, values);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(problem);
  });
});

describe('encodeValues', () => {
  const le = { littleEndian: true, charsetTerms: [] };
  it.each([
    ['CS', ['A', 'BCD'], le, 'A\\BCD '],
    ['UI', ['1.2.3'], le, '1.2.3\0'],
    ['US', ['1', '258'], le, '\x01\x00\x02\x01'],
    ['US', ['258'], { littleEndian: false, charsetTerms: [] }, '\x01\x02'],
    ['AT', ['(0010,0020)'], le, '\x10\x00\x20\x00'],
    ['LO', ['Jérôme'], { littleEndian: true, charsetTerms: ['ISO_IR 100'] }, 'J\xe9r\xf4me'],
  ])('%s %j', (vr, values, ctx, bytes) => {
    expect(encodeValues(vr, values, ctx)?.toString('latin1')).toBe(bytes);
  });

  it.each([
    ['Jérôme', [''], undefined],
    ['Jérôme', ['ISO_IR 192'], 'J\xc3\xa9r\xc3\xb4me'],
    ['Люк', ['ISO_IR 144'], '\xbb\xee\xda'],
    ['東京', ['ISO_IR 100'], undefined],
    ['東京', ['ISO 2022 IR 87'], '\x1b$BEl5~\x1b(B'],
    ['plain', ['GB18030'], 'plain'],
  ])('charset text %s in %j', (text, terms, bytes) => {
    expect(encodeCharsetText(text, terms)?.toString('latin1')).toBe(bytes);
  });
});
