/**
 * Makes a peer-supplied string (AE title, UID, comment) safe for a log line or an event detail:
 * control characters (newlines, ANSI escapes, NUL) and anything outside printable ASCII become
 * `\xNN` / `\uNNNN`, a backslash is doubled, and the result is cut to `maxLength` characters.
 * Without this, a calling AE of "X\n[ERROR] forged" would write a forged line into our logs.
 */
export function printable(value: string, maxLength = 256): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += `\\u{${code.toString(16)}}`;
    if (out.length >= maxLength) return `${out.slice(0, maxLength)}...`;
  }
  return out;
}
