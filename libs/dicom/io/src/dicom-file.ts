import { readFile } from 'node:fs/promises';
import { DicomElement, DicomParseError, PIXEL_DATA_TAG, findElement, parseDataset } from './dataset-parser';
import { Part10Layout, datasetBytes, readPart10Layout } from './part10';
import { SyntaxInfo, isValidUid, syntaxOf } from './transfer-syntax';
import { elementStrings } from './values';

export const Tags = {
  SpecificCharacterSet: 0x00080005,
  SopClassUid: 0x00080016,
  SopInstanceUid: 0x00080018,
  StudyInstanceUid: 0x0020000d,
  SeriesInstanceUid: 0x0020000e,
} as const;

/**
 * A parsed DICOM object: the file's layout, its data set bytes and the element map. With
 * `headerOnly` the walk stops at the top-level pixel data (rules never need it); otherwise every
 * element down to the last byte is checked, which is how ingest tells a malformed object apart.
 */
export class DicomFile {
  private constructor(
    readonly file: Buffer,
    readonly layout: Part10Layout,
    readonly syntax: SyntaxInfo,
    /** The data set as encoded (inflated when deflated): offsets of `elements` point into it. */
    readonly dataset: Buffer,
    readonly elements: DicomElement[],
    readonly complete: boolean,
  ) {}

  static parse(file: Buffer, options: { headerOnly?: boolean } = {}): DicomFile {
    const layout = readPart10Layout(file);
    if (!isValidUid(layout.transferSyntaxUid)) {
      throw new DicomParseError(`transfer syntax UID "${layout.transferSyntaxUid}" is not a valid UID`, 0);
    }
    const syntax = syntaxOf(layout.transferSyntaxUid);
    const dataset = datasetBytes(file, layout);
    if (dataset.length === 0) throw new DicomParseError('the file holds no data set', layout.datasetOffset);
    const result = parseDataset(dataset, { ...syntax, untilTag: options.headerOnly ? PIXEL_DATA_TAG : undefined });
    return new DicomFile(file, layout, syntax, dataset, result.elements, !result.stoppedEarly);
  }

  static async read(path: string, options: { headerOnly?: boolean } = {}): Promise<DicomFile> {
    return DicomFile.parse(await readFile(path), options);
  }

  get transferSyntaxUid(): string {
    return this.layout.transferSyntaxUid;
  }

  element(tag: number): DicomElement | undefined {
    return findElement(this.elements, tag);
  }

  get charsetTerms(): string[] {
    const el = this.element(Tags.SpecificCharacterSet);
    return el ? elementStrings(this.dataset, el) : [];
  }

  /** The values of a top-level element as strings (see elementStrings). */
  strings(tag: number): string[] {
    const el = this.element(tag);
    return el ? elementStrings(this.dataset, el, this.charsetTerms) : [];
  }

  string(tag: number): string | undefined {
    return this.strings(tag)[0];
  }

  /** The identifying UIDs, from the data set with the file meta as fallback. */
  identity(): { sopClassUid?: string; sopInstanceUid?: string; studyInstanceUid?: string; seriesInstanceUid?: string } {
    return {
      sopClassUid: this.string(Tags.SopClassUid) ?? this.layout.meta.mediaStorageSopClassUid,
      sopInstanceUid: this.string(Tags.SopInstanceUid) ?? this.layout.meta.mediaStorageSopInstanceUid,
      studyInstanceUid: this.string(Tags.StudyInstanceUid),
      seriesInstanceUid: this.string(Tags.SeriesInstanceUid),
    };
  }
}
