import { inflateRawSync } from 'node:zlib';
import { DicomElement, DicomFile } from '@axiom/dicom-io';
import { readSampleFile } from '@axiom/dicom-io/testing';
import type { TagModification } from '@axiom/domain';
import { buildFile, SpecElement } from '../testing/dataset-builder';
import { applyModifications } from './apply-modifications';

const CHARSET = 0x00080005;
const PATIENT_NAME = 0x00100010;
const INSTITUTION = 0x00080080;

function fileWith(charset: string[], patientName = 'Doe^John'): DicomFile {
  const elements: SpecElement[] = [
    { tag: 'SpecificCharacterSet', vr: 'CS', values: charset },
    { tag: 'PatientName', vr: 'PN', values: [patientName] },
    { tag: 'InstitutionName', vr: 'LO', values: ['General'] },
  ];
  return buildFile(elements);
}

function morph(file: DicomFile, mods: TagModification[]) {
  const result = applyModifications(file, mods);
  if (!result.output) throw new Error(`no output: ${result.warnings.join('; ')}`);
  return { result, out: DicomFile.parse(result.output) };
}

/** Every element (at any depth) whose value has an odd length. */
function oddElements(elements: DicomElement[]): string[] {
  return elements.flatMap((el) => [
    ...(!el.undefinedLength && el.valueLength % 2 ? [`${el.tag.toString(16)} ${el.vr} ${el.valueLength}`] : []),
    ...(el.items ?? []).flatMap((it) => oddElements(it.elements)),
  ]);
}

describe('padding of what morphing writes', () => {
  it('a switch to UTF-8 writes (0008,0005) as the 10 bytes "ISO_IR 192", no odd pad', () => {
    const { out } = morph(fileWith(['ISO_IR 100']), [{ action: 'set', tag: 'PatientName', value: 'Ωμέγα^Σίγμα' }]);
    const cs = out.element(CHARSET) as DicomElement;
    expect(out.dataset.toString('latin1', cs.valueOffset, cs.valueOffset + cs.valueLength)).toBe('ISO_IR 192');
    expect(oddElements(out.elements)).toEqual([]);
    expect(out.strings(PATIENT_NAME)).toEqual(['Ωμέγα^Σίγμα']);
  });

  it.each([['Zürich'], ['Zürichs'], ['東京'], ['東京病'], ['A']])(
    'set InstitutionName %s keeps every length even',
    (value) => {
      const { out } = morph(fileWith(['ISO_IR 100']), [{ action: 'set', tag: 'InstitutionName', value }]);
      expect(oddElements(out.elements)).toEqual([]);
      expect(out.strings(INSTITUTION)).toEqual([value]);
    },
  );

  it('a re-deflated data set is padded to an even length', () => {
    const file = DicomFile.parse(readSampleFile('sc-deflated.dcm'));
    const { result } = morph(file, [{ action: 'set', tag: 'InstitutionName', value: 'Axiom Test Hospital' }]);
    const output = result.output as Buffer;
    const parsed = DicomFile.parse(output);
    const deflated = output.subarray(parsed.layout.datasetOffset);
    expect(deflated.length % 2).toBe(0);
    expect(inflateRawSync(deflated).equals(parsed.dataset)).toBe(true);
    expect(parsed.string(INSTITUTION)).toBe('Axiom Test Hospital');
  });
});

describe("values are written in the instance's ISO 2022 set when it can hold them", () => {
  it.each([
    [['ISO 2022 IR 100'], 'PatientName', 'Müller^Jürgen'],
    [['', 'ISO 2022 IR 58'], 'InstitutionName', '北京协和医院'],
    [['', 'ISO 2022 IR 87'], 'InstitutionName', '東京病院'],
    [['ISO 2022 IR 13', 'ISO 2022 IR 87'], 'PatientName', 'ﾔﾏﾀﾞ^山田=やまだ'],
    [['', 'ISO 2022 IR 149'], 'PatientName', '김^철수'],
  ])('%j: %s = %s with no switch', (charset, tag, value) => {
    const { result, out } = morph(fileWith(charset), [{ action: 'set', tag, value }]);
    expect(out.strings(CHARSET)).toEqual(charset.map((t) => t.trim()));
    expect(result.warnings).toEqual([]);
    expect(out.strings(tag === 'PatientName' ? PATIENT_NAME : INSTITUTION)).toEqual([value]);
    expect(oddElements(out.elements)).toEqual([]);
  });

  it('switches to ISO_IR 192 only when the set cannot hold the value, and keeps older values readable', () => {
    const { result, out } = morph(fileWith(['ISO 2022 IR 100'], 'Müller^Jürgen'), [
      { action: 'set', tag: 'InstitutionName', value: 'Ωμέγα' },
    ]);
    expect(out.strings(CHARSET)).toEqual(['ISO_IR 192']);
    expect(out.strings(PATIENT_NAME)).toEqual(['Müller^Jürgen']);
    expect(out.strings(INSTITUTION)).toEqual(['Ωμέγα']);
    expect(result.warnings.join()).toMatch(/changed from "ISO 2022 IR 100" to "ISO_IR 192"/);
  });

  it('the Japanese sample takes a kanji value in its own set', () => {
    const file = DicomFile.parse(readSampleFile('charset-iso2022-ir87-japanese-kanji.dcm'));
    const { result, out } = morph(file, [{ action: 'set', tag: 'InstitutionName', value: '東京病院' }]);
    expect(out.strings(CHARSET)).toEqual(['', 'ISO 2022 IR 87']);
    expect(result.warnings).toEqual([]);
    expect(out.string(INSTITUTION)).toBe('東京病院');
  });
});
