import { compileRegex } from '../regex';
import { VrFamily, dateTimeKey, orderKey, parseNumber, timeKey, vrFamily } from './value-semantics';

/** What a criterion sees of an element: whether it is there, its VR and its values as strings. */
export interface ElementValues {
  present: boolean;
  vr: string;
  /** Values with padding removed; a multi-valued element has several. */
  values: string[];
}

export type Predicate = (v: ElementValues) => boolean;

export interface OperatorOptions {
  caseInsensitive?: boolean;
}

/** Values as rules give them: JSON strings or numbers (lists for in / not_in). */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

interface Target {
  text: string;
  num?: number;
  dt?: string;
  tm?: string;
}

function target(raw: string, ci: boolean): Target {
  const text = ci ? raw.trim().toLowerCase() : raw.trim();
  return { text, num: parseNumber(raw), dt: dateTimeKey(raw), tm: timeKey(raw) };
}

function equalsOne(s: string, t: Target, family: VrFamily, ci: boolean): boolean {
  if ((ci ? s.toLowerCase() : s) === t.text) return true;
  switch (family) {
    case 'numeric':
      return t.num !== undefined && parseNumber(s) === t.num;
    case 'datetime':
      return t.dt !== undefined && dateTimeKey(s) === t.dt;
    case 'time':
      return t.tm !== undefined && timeKey(s) === t.tm;
    case 'text':
      return false;
  }
}

/** Any value equals, or the whole backslash-joined value does (an empty element equals ""). */
function anyEquals(v: ElementValues, targets: Target[], ci: boolean): boolean {
  if (!v.present) return false;
  const family = vrFamily(v.vr);
  for (const s of v.values) for (const t of targets) if (equalsOne(s, t, family, ci)) return true;
  if (v.values.length !== 1) {
    const joined = v.values.join('\\');
    const norm = ci ? joined.toLowerCase() : joined;
    for (const t of targets) if (norm === t.text) return true;
  }
  return false;
}

function anyValue(v: ElementValues, test: (s: string) => boolean, alsoJoined = false): boolean {
  if (!v.present) return false;
  for (const s of v.values) if (test(s)) return true;
  return alsoJoined && v.values.length > 1 && test(v.values.join('\\'));
}

function ordered(raw: string, accept: (cmp: number) => boolean): Predicate {
  const keys: Partial<Record<VrFamily, number | string | undefined>> = {};
  const keyFor = (f: VrFamily): number | string | undefined => {
    if (!(f in keys)) keys[f] = orderKey(f, raw);
    return keys[f];
  };
  return (v) => {
    if (!v.present) return false;
    const family = vrFamily(v.vr);
    const t = keyFor(family);
    if (t === undefined) return false;
    for (const s of v.values) {
      const k = orderKey(family, s);
      if (k === undefined) continue;
      if (accept(k < t ? -1 : k > t ? 1 : 0)) return true;
    }
    return false;
  };
}

/**
 * Compiles one tag operator into a predicate. Absent elements satisfy only `not_exists`, `ne`
 * and `not_in` (the negations). Validation has already refused values of the wrong type.
 */
export function compileOperator(op: string, value: unknown, options: OperatorOptions = {}): Predicate {
  const ci = options.caseInsensitive === true;
  const text = scalarText(value) ?? '';
  const lower = (s: string): string => (ci ? s.toLowerCase() : s);
  switch (op) {
    case 'exists':
      return (v) => v.present;
    case 'not_exists':
      return (v) => !v.present;
    case 'eq': {
      const t = [target(text, ci)];
      return (v) => anyEquals(v, t, ci);
    }
    case 'ne': {
      const t = [target(text, ci)];
      return (v) => !anyEquals(v, t, ci);
    }
    case 'in':
    case 'not_in': {
      const list = (Array.isArray(value) ? value : [value]).map(scalarText).filter((s): s is string => s !== undefined);
      const t = list.map((s) => target(s, ci));
      return op === 'in' ? (v) => anyEquals(v, t, ci) : (v) => !anyEquals(v, t, ci);
    }
    case 'gt':
      return ordered(text, (c) => c > 0);
    case 'lt':
      return ordered(text, (c) => c < 0);
    case 'ge':
      return ordered(text, (c) => c >= 0);
    case 'le':
      return ordered(text, (c) => c <= 0);
    case 'contains': {
      const needle = lower(text);
      return (v) => anyValue(v, (s) => lower(s).includes(needle), true);
    }
    case 'startswith': {
      const needle = lower(text);
      return (v) => anyValue(v, (s) => lower(s).startsWith(needle));
    }
    case 'endswith': {
      const needle = lower(text);
      return (v) => anyValue(v, (s) => lower(s).endsWith(needle));
    }
    case 'regex': {
      const re = compileRegex(text, ci);
      return (v) => anyValue(v, (s) => re.test(s), true);
    }
    default:
      return () => false;
  }
}
