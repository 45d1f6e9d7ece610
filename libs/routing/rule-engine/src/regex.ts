import { RE2JS } from 're2js';

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
  try {
    compileRegex(pattern);
    return undefined;
  } catch (err) {
    return `invalid regular expression (RE2 syntax): ${(err as Error).message}`;
  }
}

/**
 * Replaces every match; `\1` and `$1` (and `${name}`-free `$10`) refer to groups, `$$` and `\\`
 * are literal. Done by hand so that both group notations of the contract work the same.
 */
export function regexReplace(input: string, pattern: string, replacement: string): string {
  const re = compileRegex(pattern);
  const m = re.matcher(input);
  let out = '';
  let last = 0;
  while (m.find()) {
    out += input.slice(last, m.start()) + expandReplacement(replacement, (g) => (g <= m.groupCount() ? m.group(g) ?? '' : ''));
    last = m.end();
    if (m.end() === m.start() && m.end() >= input.length) break;
  }
  return out + input.slice(last);
}

function expandReplacement(replacement: string, group: (n: number) => string): string {
  return replacement.replace(/\\\\|\$\$|[\\$](\d{1,2})|\$\{(\d{1,2})\}/g, (token, a: string | undefined, b: string | undefined) => {
    if (token === '\\\\') return '\\';
    if (token === '$$') return '$';
    return group(Number(a ?? b));
  });
}
