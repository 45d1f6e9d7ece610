import { RE2JS } from 're2js';
import { MAX_MORPHED_VALUE_CHARS } from './morphing/value-bounds';

/**
 * Rule patterns run on RE2 (re2js): matching time is linear in the input, so a pattern such as
 * `(a+)+$` cannot hang a worker the way a backtracking engine would. RE2 has no backreferences
 * or lookarounds; validation reports such patterns as invalid.
 */
const cache = new Map<string, RE2JS>();

export function compileRegex(pattern: string, caseInsensitive = false): RE2JS {
  const key = `${caseInsensitive ? 'i' : '-'}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = RE2JS.compile(pattern, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
    if (cache.size < 5_000) cache.set(key, re);
  }
  return re;
}

/** Why a pattern is refused, or undefined when RE2 accepts it. */
export function regexError(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_CHARS) return `the pattern is longer than ${MAX_PATTERN_CHARS} characters`;
  try {
    compileRegex(pattern);
    return undefined;
  } catch (err) {
    return `invalid regular expression (RE2 syntax): ${(err as Error).message}`;
  }
}

/** Size limits of a rule's pattern and replacement, enforced when a rule is saved. */
export const MAX_PATTERN_CHARS = 1024;
export const MAX_REPLACEMENT_CHARS = 1024;

/** Thrown when a replacement would build a string past `maxLength`: checked before it is built. */
export class ReplacementTooLongError extends Error {
  constructor(readonly maxLength: number) {
    super(`the replaced value would be longer than ${maxLength} characters`);
    this.name = 'ReplacementTooLongError';
  }
}

type ReplacementPart = string | number;

/** The replacement as literal text and group numbers (see regexReplace for the notation). */
function parseReplacement(replacement: string): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  const token = /\\\\|\$\$|[\\$](\d{1,2})|\$\{(\d{1,2})\}/g;
  let last = 0;
  for (let t = token.exec(replacement); t; t = token.exec(replacement)) {
    if (t.index > last) parts.push(replacement.slice(last, t.index));
    if (t[0] === '\\\\') parts.push('\\');
    else if (t[0] === '$$') parts.push('$');
    else parts.push(Number(t[1] ?? t[2]));
    last = t.index + t[0].length;
  }
  if (last < replacement.length) parts.push(replacement.slice(last));
  return parts;
}

/**
 * Replaces every match; `\1` and `$1` (and `${name}`-free `$10`) refer to groups, `$$` and `\\`
 * are literal. Done by hand so that both group notations of the contract work the same. The
 * length of each piece is known before it is appended, so a result past `maxLength` throws
 * instead of exhausting the heap.
 */
export function regexReplace(
  input: string,
  pattern: string,
  replacement: string,
  maxLength = MAX_MORPHED_VALUE_CHARS,
): string {
  const re = compileRegex(pattern);
  const parts = parseReplacement(replacement);
  const m = re.matcher(input);
  const pieces: string[] = [];
  let length = 0;
  let last = 0;
  while (m.find()) {
    const start = m.start();
    const end = m.end();
    const group = (g: number): string => (g <= m.groupCount() ? (m.group(g) ?? '') : '');
    const expandedLength = parts.reduce<number>((n, p) => n + (typeof p === 'string' ? p.length : group(p).length), 0);
    length += start - last + expandedLength;
    if (length > maxLength) throw new ReplacementTooLongError(maxLength);
    pieces.push(input.slice(last, start));
    for (const p of parts) pieces.push(typeof p === 'string' ? p : group(p));
    last = end;
    if (end === start && end >= input.length) break;
  }
  if (length + input.length - last > maxLength) throw new ReplacementTooLongError(maxLength);
  pieces.push(input.slice(last));
  return pieces.join('');
}
