import type { ByteSyntax, DicomElement } from './dataset-model';
import { encodeElement, writeTag, writeU32 } from './element-writer';
import { encodeValues } from './value-codec';
import { elementStrings } from './values';

/**
 * DICOM JSON (PS3.18 F.2) to and from binary data sets, so that a JSON dry run goes through
 * exactly the matching and morphing code that routes real instances.
 */
export type DicomJson = Record<string, DicomJsonElement>;
export interface DicomJsonElement {
  vr: string;
  Value?: unknown[];
  InlineBinary?: string;
  BulkDataURI?: string;
}

const EXPLICIT_LE: ByteSyntax = { littleEndian: true, explicitVr: true };
const NUMBER_TEXT_VRS = new Set(['IS', 'DS']);
const BINARY_NUMBER_VRS = new Set(['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'SV', 'UV']);
const BULK_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);

export class DicomJsonError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'DicomJsonError';
  }
}

function pnText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  const o = v as { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
  return [o.Alphabetic ?? '', o.Ideographic ?? '', o.Phonetic ?? ''].join('=').replace(/=+$/, '');
}

/** Explicit VR little endian data set bytes; text is encoded as UTF-8 (ISO_IR 192). */
export function dicomJsonToDataset(json: DicomJson, warnings: string[] = [], path = ''): Buffer {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new DicomJsonError(path || '$', 'a DICOM JSON object is required');
  const keys = Object.keys(json).sort();
  return Buffer.concat(
    keys.map((key) => {
      const where = `${path}${key}`;
      if (!/^[0-9A-Fa-f]{8}$/.test(key)) throw new DicomJsonError(where, 'keys must be 8 hex digits (GGGGEEEE)');
      const tag = parseInt(key, 16) >>> 0;
      const el = json[key];
      if (!el || typeof el.vr !== 'string' || !/^[A-Z]{2}$/.test(el.vr))
        throw new DicomJsonError(where, 'each element needs a "vr"');
      const vr = el.vr;
      if (el.Value !== undefined && el.Value !== null && !Array.isArray(el.Value))
        throw new DicomJsonError(where, '"Value" must be an array');
      if (vr === 'SQ') {
        const items = (el.Value ?? []).map((item, i) => {
          const content = dicomJsonToDataset(item as DicomJson, warnings, `${where}.Value[${i}].`);
          const header = Buffer.alloc(8);
          writeTag(header, 0, 0xfffee000, true);
          writeU32(header, 4, content.length, true);
          return Buffer.concat([header, content]);
        });
        return encodeElement(tag, 'SQ', Buffer.concat(items), EXPLICIT_LE);
      }
      if (el.BulkDataURI !== undefined) {
        warnings.push(`${where}: BulkDataURI is not fetched in a dry run; element left empty`);
        return encodeElement(tag, vr, Buffer.alloc(0), EXPLICIT_LE);
      }
      if (el.InlineBinary !== undefined || BULK_VRS.has(vr)) {
        const raw = Buffer.from(el.InlineBinary ?? '', 'base64');
        return encodeElement(tag, vr, raw.length % 2 ? Buffer.concat([raw, Buffer.from([0])]) : raw, EXPLICIT_LE);
      }
      const values = (el.Value ?? []).map((v) =>
        vr === 'PN' ? pnText(v) : v === null || v === undefined ? '' : String(v),
      );
      let bytes: Buffer | undefined;
      try {
        bytes = encodeValues(vr, values, { littleEndian: true, charsetTerms: ['ISO_IR 192'] });
      } catch (err) {
        // a number out of the VR's range (US 65536, UL -1): the client's value, not our failure
        if ((err as Error).name === 'RangeError') throw new DicomJsonError(where, `a value is out of range for ${vr}`);
        throw err;
      }
      if (!bytes) throw new DicomJsonError(where, `values cannot be encoded as ${vr}`);
      return encodeElement(tag, vr, bytes, EXPLICIT_LE);
    }),
  );
}

function hex8(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(8, '0');
}

/** DICOM JSON of parsed elements (charset-decoded text, numbers as numbers, bulk data inline). */
export function datasetToDicomJson(buf: Buffer, elements: DicomElement[], charsetTerms: string[]): DicomJson {
  const out: DicomJson = {};
  for (const el of elements) {
    const key = hex8(el.tag);
    if (el.items) {
      out[key] = {
        vr: el.vr === 'UN' ? 'SQ' : el.vr,
        Value: el.items.map((item) => datasetToDicomJson(buf, item.elements, charsetTerms)),
      };
      continue;
    }
    if (BULK_VRS.has(el.vr) || el.fragments) {
      out[key] =
        el.valueLength > 0
          ? {
              vr: el.vr,
              InlineBinary: buf.subarray(el.valueOffset, el.valueOffset + el.valueLength).toString('base64'),
            }
          : { vr: el.vr };
      continue;
    }
    const values = elementStrings(buf, el, charsetTerms);
    if (values.length === 0 || (values.length === 1 && values[0] === '')) {
      out[key] = { vr: el.vr };
      continue;
    }
    let Value: unknown[];
    if (el.vr === 'PN') {
      Value = values.map((v) => {
        const [Alphabetic, Ideographic, Phonetic] = v.split('=');
        return Object.fromEntries(
          Object.entries({ Alphabetic, Ideographic, Phonetic }).filter(([, s]) => s !== undefined && s !== ''),
        );
      });
    } else if (NUMBER_TEXT_VRS.has(el.vr) || BINARY_NUMBER_VRS.has(el.vr)) {
      Value = values.map((v) => (v === '' ? null : Number(v)));
    } else {
      Value = values.map((v) => (v === '' ? null : v));
    }
    out[key] = { vr: el.vr, Value };
  }
  return out;
}
