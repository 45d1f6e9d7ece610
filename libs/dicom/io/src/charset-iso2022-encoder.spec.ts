import { decodeIso2022, isIso2022 } from './charset-iso2022';
import { encodeIso2022 } from './charset-iso2022-encoder';
import { DicomFile } from './dicom-file';
import { listSampleFiles, readSampleFile } from './testing/sample-corpus';
import { encodeCharsetText, encodeValues } from './value-codec';
import { elementStrings, isCharsetVr } from './values';

const latin1 = (b: Buffer | undefined): string | undefined => b?.toString('latin1');

describe('encodeIso2022', () => {
  it.each([
    // value 1 puts ISO 8859-1 in G1: no escape needed at all
    ['Müller^Jürgen', ['ISO 2022 IR 100'], 'M\xfcller^J\xfcrgen'],
    // PS3.5 H.3.1 (Korean): KS X 1001 designated to G1, again after each delimiter
    ['Hong^Gildong=洪^吉洞', ['', 'ISO 2022 IR 149'], 'Hong^Gildong=\x1b$)C\xfb\xf3^\x1b$)C\xd1\xce\xd4\xd7'],
    // PS3.5 H.3.1 (Japanese): JIS X 0208 in G0, back to ASCII before ^, = and the end
    ['Yamada^Tarou=山田^太郎', ['', 'ISO 2022 IR 87'], 'Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B'],
    // IR 13 first: the half-width katakana of G1 need no escape, G0 returns to JIS X 0201 romaji
    ['ﾔﾏﾀﾞ^山田', ['ISO 2022 IR 13', 'ISO 2022 IR 87'], '\xd4\xcf\xc0\xde^\x1b$B;3ED\x1b(J'],
  ])('%s in %j', (text, terms, bytes) => {
    expect(latin1(encodeIso2022(text, terms))).toBe(bytes);
  });

  it.each([
    ['Müller^Jürgen', ['ISO 2022 IR 100']],
    ['北京协和医院', ['ISO 2022 IR 6', 'ISO 2022 IR 58']],
    ['東京病院', ['', 'ISO 2022 IR 87']],
    ['東京病院^ﾄｳｷｮｳ', ['ISO 2022 IR 13', 'ISO 2022 IR 87']],
    ['김^철수=金^哲洙', ['', 'ISO 2022 IR 149']],
    ['Πέτρος Σίγμα', ['ISO 2022 IR 6', 'ISO 2022 IR 126']],
    ['Müller\\Иванов', ['ISO 2022 IR 100', 'ISO 2022 IR 144']],
  ])('%s in %j decodes back to itself', (text, terms) => {
    const bytes = encodeIso2022(text, terms);
    expect(bytes).toBeDefined();
    expect(decodeIso2022(bytes as Buffer, terms)).toBe(text);
  });

  it.each([
    ['Ωμέγα', ['ISO 2022 IR 100']],
    ['東京', ['ISO 2022 IR 100', 'ISO 2022 IR 144']],
    ['北京', ['ISO 2022 IR 999']],
  ])('%s cannot be held by %j', (text, terms) => {
    expect(encodeIso2022(text, terms)).toBeUndefined();
  });

  it('is what encodeCharsetText uses for ISO 2022 sets, and the PN value is padded to even with a space', () => {
    expect(latin1(encodeCharsetText('東京病院', ['', 'ISO 2022 IR 87']))).toBe(
      latin1(encodeIso2022('東京病院', ['', 'ISO 2022 IR 87'])),
    );
    const pn = encodeValues('PN', ['山田'], { littleEndian: true, charsetTerms: ['', 'ISO 2022 IR 87'] });
    expect(pn?.length).toBe(10); // ESC $ B, 4 bytes, ESC ( B: even, no pad
    const odd = encodeValues('LO', ['Süß'], { littleEndian: true, charsetTerms: ['ISO 2022 IR 100'] });
    expect(latin1(odd)).toBe('S\xfc\xdf ');
  });
});

describe('encodeIso2022 against the ISO 2022 samples', () => {
  // every top-level text value of the ISO 2022 samples, decoded and encoded again, gives the sample's bytes
  const samples = listSampleFiles().filter((name) =>
    isIso2022(DicomFile.parse(readSampleFile(name), { headerOnly: true }).charsetTerms),
  );
  it('finds the samples', () => expect(samples.length).toBeGreaterThanOrEqual(3));

  it.each(samples)('%s: byte-exact round trip of its non-ASCII values', (name) => {
    const file = DicomFile.parse(readSampleFile(name), { headerOnly: true });
    const nonAscii = file.elements.filter(
      (el) =>
        isCharsetVr(el.vr) &&
        file.dataset.subarray(el.valueOffset, el.valueOffset + el.valueLength).some((b) => b >= 0x80 || b === 0x1b),
    );
    expect(nonAscii.length).toBeGreaterThan(0);
    for (const el of nonAscii) {
      const original = file.dataset.subarray(el.valueOffset, el.valueOffset + el.valueLength);
      const again = encodeValues(el.vr, elementStrings(file.dataset, el, file.charsetTerms), {
        littleEndian: true,
        charsetTerms: file.charsetTerms,
      });
      expect({ tag: el.tag.toString(16), bytes: latin1(again) }).toEqual({
        tag: el.tag.toString(16),
        bytes: latin1(original),
      });
    }
  });
});
