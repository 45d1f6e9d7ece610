import { TextDecoder } from 'node:util';
/**
 * ISO 2022 decoding for (0008,0005) values starting with "ISO 2022" (PS3.5 6.1.2.5). Node's
 * TextDecoder knows the code sets but not DICOM's code extension rules: escape sequences switch
 * G0/G1, and every value, PN component group and line starts again in the initial sets.
 */

type CodeSet =
  | { kind: 'ascii' }
  | { kind: 'double'; label: 'euc-jp' | 'euc-kr' | 'gbk'; prefix?: number }
  | { kind: 'kana' }
  | { kind: 'single'; label: string };

const ASCII: CodeSet = { kind: 'ascii' };

/** Escape sequence (bytes after ESC, as latin1) -> the register it loads and the code set. */
const ESCAPES: Record<string, { g: 0 | 1; set: CodeSet }> = {
  '(B': { g: 0, set: ASCII },
  '(J': { g: 0, set: ASCII }, // JIS X 0201 Romaji: ASCII apart from yen/overline
  ')I': { g: 1, set: { kind: 'kana' } },
  $B: { g: 0, set: { kind: 'double', label: 'euc-jp' } },
  '$@': { g: 0, set: { kind: 'double', label: 'euc-jp' } },
  '$(D': { g: 0, set: { kind: 'double', label: 'euc-jp', prefix: 0x8f } },
  '$)C': { g: 1, set: { kind: 'double', label: 'euc-kr' } },
  '$)A': { g: 1, set: { kind: 'double', label: 'gbk' } },
  '-A': { g: 1, set: { kind: 'single', label: 'iso-8859-1' } },
  '-B': { g: 1, set: { kind: 'single', label: 'iso-8859-2' } },
  '-C': { g: 1, set: { kind: 'single', label: 'iso-8859-3' } },
  '-D': { g: 1, set: { kind: 'single', label: 'iso-8859-4' } },
  '-L': { g: 1, set: { kind: 'single', label: 'iso-8859-5' } },
  '-G': { g: 1, set: { kind: 'single', label: 'iso-8859-6' } },
  '-F': { g: 1, set: { kind: 'single', label: 'iso-8859-7' } },
  '-H': { g: 1, set: { kind: 'single', label: 'iso-8859-8' } },
  '-M': { g: 1, set: { kind: 'single', label: 'iso-8859-9' } },
  '-T': { g: 1, set: { kind: 'single', label: 'tis-620' } },
};

/** The G1 set a first (0008,0005) value puts in place before any escape sequence. */
const INITIAL_G1: Record<string, string> = {
  'ISO 2022 IR 13': ')I',
  'ISO 2022 IR 100': '-A',
  'ISO 2022 IR 101': '-B',
  'ISO 2022 IR 109': '-C',
  'ISO 2022 IR 110': '-D',
  'ISO 2022 IR 144': '-L',
  'ISO 2022 IR 127': '-G',
  'ISO 2022 IR 126': '-F',
  'ISO 2022 IR 138': '-H',
  'ISO 2022 IR 148': '-M',
  'ISO 2022 IR 166': '-T',
  'ISO 2022 IR 149': '$)C',
  'ISO 2022 IR 58': '$)A',
};

const decoders = new Map<string, TextDecoder>();
function decoder(label: string): TextDecoder {
  let d = decoders.get(label);
  if (!d) {
    d = new TextDecoder(label);
    decoders.set(label, d);
  }
  return d;
}

const ESC = 0x1b;
/** Bytes before which an encoder must have returned to the initial sets (PS3.5 6.1.2.5.3). */
const RESET_BYTES = new Set([0x5c, 0x5e, 0x3d, 0x0d, 0x0a, 0x0c, 0x09]);

export function isIso2022(terms: string[]): boolean {
  return terms.some((t) => t.trim().startsWith('ISO 2022'));
}

export function decodeIso2022(bytes: Uint8Array, terms: string[]): string {
  const first = (terms[0] ?? '').trim();
  const initialG1 = ESCAPES[INITIAL_G1[first] ?? '']?.set;
  let g0: CodeSet = ASCII;
  let g1: CodeSet | undefined = initialG1;
  let out = '';
  let pending: number[] = [];
  let pendingSet: CodeSet | undefined;

  const flush = (): void => {
    if (!pendingSet || pending.length === 0) return;
    out += decodeRun(pending, pendingSet);
    pending = [];
    pendingSet = undefined;
  };
  const push = (b: number, set: CodeSet): void => {
    if (pendingSet !== set) flush();
    pendingSet = set;
    pending.push(b);
  };

  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b === ESC) {
      const seq = matchEscape(bytes, i + 1);
      if (seq) {
        flush();
        if (seq.entry.g === 0) g0 = seq.entry.set;
        else g1 = seq.entry.set;
        i += seq.length;
        continue;
      }
    }
    if (b < 0x80) {
      if (g0.kind === 'ascii' || b < 0x21 || b === 0x7f) {
        flush();
        out += String.fromCharCode(b);
        if (RESET_BYTES.has(b)) {
          g0 = ASCII;
          g1 = initialG1;
        }
      } else {
        push(b, g0);
      }
    } else if (g1) {
      push(b, g1);
    } else {
      flush();
      out += String.fromCharCode(b); // no G1 set invoked: keep the byte as latin1 rather than lose it
    }
  }
  flush();
  return out;
}

function matchEscape(
  bytes: Uint8Array,
  start: number,
): { entry: { g: 0 | 1; set: CodeSet }; length: number } | undefined {
  for (const len of [2, 3]) {
    if (start + len > bytes.length) break;
    const key = String.fromCharCode(...bytes.subarray(start, start + len));
    const entry = ESCAPES[key];
    if (entry) return { entry, length: len };
  }
  return undefined;
}

function decodeRun(run: number[], set: CodeSet): string {
  switch (set.kind) {
    case 'ascii':
      return String.fromCharCode(...run);
    case 'kana':
      // JIS X 0201 katakana: 0xA1-0xDF map to U+FF61-U+FF9F (also when invoked in G0 as 0x21-0x5F)
      return run.map((b) => String.fromCharCode(0xff61 + ((b | 0x80) - 0xa1))).join('');
    case 'single':
      return decoder(set.label).decode(Uint8Array.from(run.map((b) => b | 0x80)));
    case 'double': {
      const bytes: number[] = [];
      for (let i = 0; i + 1 < run.length; i += 2) {
        if (set.prefix !== undefined) bytes.push(set.prefix);
        bytes.push((run[i] ?? 0) | 0x80, (run[i + 1] ?? 0) | 0x80);
      }
      return decoder(set.label).decode(Uint8Array.from(bytes));
    }
  }
}
