import type { TagDiff } from './TraceView';

type Attribute = { vr?: string; Value?: unknown[]; InlineBinary?: string; BulkDataURI?: string };

function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    const pn = v as { Alphabetic?: string };
    if (typeof pn.Alphabetic === 'string') return pn.Alphabetic;
    return JSON.stringify(v);
  }
  return String(v);
}

function valuesOf(attr: unknown): string[] | null {
  if (attr === undefined) return null;
  const a = (typeof attr === 'object' && attr !== null ? attr : {}) as Attribute;
  if (a.vr === 'SQ') return [`(sequence of ${a.Value?.length ?? 0} item(s))`, JSON.stringify(a.Value ?? [])];
  if (a.InlineBinary !== undefined) return [`(${a.InlineBinary.length} base64 characters)`];
  return (a.Value ?? []).map(valueText);
}

const asTag = (key: string): string =>
  /^[0-9A-Fa-f]{8}$/.test(key) ? `(${key.slice(0, 4)},${key.slice(4)})`.toUpperCase() : key;

/**
 * The top-level attributes that differ between two DICOM JSON objects (PS3.18 F.2), for the JSON
 * dry run, which answers with both objects rather than a diff. A changed sequence shows as changed
 * as a whole.
 */
export function dicomJsonDiff(before: unknown, after: unknown): TagDiff[] {
  const b = (typeof before === 'object' && before !== null ? before : {}) as Record<string, unknown>;
  const a = (typeof after === 'object' && after !== null ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const out: TagDiff[] = [];
  for (const key of keys) {
    const was = valuesOf(b[key]);
    const now = valuesOf(a[key]);
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    // the raw JSON of a sequence only served the comparison
    const shown = (v: string[] | null): string[] | null =>
      v && b[key] && (b[key] as Attribute).vr === 'SQ' ? v.slice(0, 1) : v;
    out.push({ tag: asTag(key), before: shown(was), after: shown(now) });
  }
  return out;
}
