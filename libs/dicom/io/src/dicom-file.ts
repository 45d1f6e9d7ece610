import { readFile, stat } from 'node:fs/promises';
import { DicomElement, DicomParseError, PIXEL_DATA_TAG, findElement } from './dataset-model';
import { parseDataset } from './dataset-parser';
import {
  DicomLimitError,
  Part10Layout,
  ReadLimits,
  checkObjectSize,
  datasetBytes,
  readPart10Layout,
  readPrefixUntil,
} from './part10';
import { SyntaxInfo, isValidUid, syntaxOf } from './transfer-syntax';
import { elementStrings } from './values';
import { dictionaryVr } from './dictionary';

/** The first read of a header: most headers end (at the pixel data) within it; longer ones read on in growing chunks. */
const HEADER_FIRST_CHUNK = 64 * 1024;

export const Tags = {
  SpecificCharacterSet: 0x00080005,
  SopClassUid: 0x00080016,
  SopInstanceUid: 0x00080018,
  StudyInstanceUid: 0x0020000d,
  SeriesInstanceUid: 0x0020000e,
} as const;

export interface ReadOptions {
  /** Stop at the top-level pixel data. */
  headerOnly?: boolean;
  /** Size bounds (defaults: 4 GiB per object, 512 MiB inflated). */
  limits?: ReadLimits;
}

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
    /** Oddities the parser tolerated (legacy encodings), for the instance's log. */
    readonly warnings: string[] = [],
  ) {}

  static parse(file: Buffer, options: ReadOptions = {}): DicomFile {
    checkObjectSize(file.length, options.limits);
    const layout = readPart10Layout(file);
    if (!isValidUid(layout.transferSyntaxUid)) {
      throw new DicomParseError(`transfer syntax UID "${layout.transferSyntaxUid}" is not a valid UID`, 0);
    }
    const syntax = syntaxOf(layout.transferSyntaxUid);
    const dataset = datasetBytes(file, layout, options.limits);
    if (dataset.length === 0) throw new DicomParseError('the file holds no data set', layout.datasetOffset);
    const result = parseDataset(dataset, { ...syntax, untilTag: options.headerOnly ? PIXEL_DATA_TAG : undefined });
    return new DicomFile(file, layout, syntax, dataset, result.elements, !result.stoppedEarly, result.warnings);
  }

  static async read(path: string, options: ReadOptions = {}): Promise<DicomFile> {
    checkObjectSize((await stat(path)).size, options.limits);
    return DicomFile.parse(await readFile(path), options);
  }

  /**
   * The header (everything before the top-level pixel data) read from the start of a file in
   * growing chunks, so that a 2 GB multi-frame costs a megabyte of memory, not 2 GB. The result's
   * `file` holds only the bytes read: use `read` when the whole file is needed (morphing).
   * Deflated data sets are read whole (they cannot be inflated in part).
   */
  static async readHeader(
    path: string,
    options: { limits?: ReadLimits; firstChunk?: number } = {},
  ): Promise<DicomFile> {
    const parseOptions: ReadOptions = { headerOnly: true, limits: options.limits };
    const header = await readPrefixUntil<DicomFile | 'deflated'>(
      path,
      options.firstChunk ?? HEADER_FIRST_CHUNK,
      (prefix, whole, size) => {
        checkObjectSize(size, options.limits);
        if (whole) return DicomFile.parse(prefix, parseOptions);
        // a deflated stream cannot be inflated in part: read it whole (within the bounds) at once
        if (isDeflatedFile(prefix)) return 'deflated';
        try {
          const file = DicomFile.parse(prefix, parseOptions);
          return file.complete ? undefined : file; // incomplete: reached the pixel data inside the prefix
        } catch (err) {
          // a size bound is final: reading more would only inflate the same bomb again
          if (!(err instanceof DicomParseError) || err instanceof DicomLimitError) throw err;
          return undefined; // cut inside an element: read more
        }
      },
    );
    return header === 'deflated' ? DicomFile.read(path, parseOptions) : header;
  }

  /**
   * The header (everything before the top-level pixel data) as a header-only DicomFile on its own
   * copy of those bytes: what may be kept when the bytes this one was parsed from are reused.
   * A deflated object is copied whole (its elements point into the inflated data set).
   */
  headerCopy(options: { limits?: ReadLimits } = {}): DicomFile {
    if (this.syntax.deflated)
      return DicomFile.parse(Buffer.from(this.file), { headerOnly: true, limits: options.limits });
    const pixelData = this.elements.find((el) => el.tag >= PIXEL_DATA_TAG);
    const end = pixelData ? this.layout.datasetOffset + pixelData.headerOffset : this.file.length;
    return DicomFile.parse(Buffer.from(this.file.subarray(0, end)), { headerOnly: true, limits: options.limits });
  }

  get transferSyntaxUid(): string {
    return this.layout.transferSyntaxUid;
  }

  element(tag: number): DicomElement | undefined {
    return findElement(this.elements, tag);
  }

  get charsetTerms(): string[] {
    const el = this.element(Tags.SpecificCharacterSet);
    return el ? elementStrings(this.dataset, withDictionaryVr(el)) : [];
  }

  /**
   * The values of a top-level element as strings (see elementStrings). An element sent as UN
   * (CP-246: explicit VR with every VR unknown to the sender) is decoded by the dictionary's VR.
   */
  strings(tag: number): string[] {
    const el = this.element(tag);
    return el ? elementStrings(this.dataset, withDictionaryVr(el), this.charsetTerms) : [];
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

/** A UN element of defined length read as the VR the dictionary gives its tag (same bytes, same byte order). */
export function withDictionaryVr(el: DicomElement): DicomElement {
  if (el.vr !== 'UN' || el.undefinedLength || el.items || el.fragments) return el;
  const vr = dictionaryVr(el.tag);
  return vr === 'UN' || vr === 'SQ' ? el : { ...el, vr };
}

function isDeflatedFile(start: Buffer): boolean {
  try {
    return syntaxOf(readPart10Layout(start).transferSyntaxUid).deflated;
  } catch {
    return false; // the meta is cut in this chunk: the caller reads more
  }
}
