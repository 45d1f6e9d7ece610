import { TextDecoder } from 'node:util';

/**
 * ISO 2022 encoding for data sets whose (0008,0005) uses code extensions (PS3.5 6.1.2.5), so a
 * value is written in the instance's own character set when that set can hold it. The tables are
 * the decoders' turned around: each code set's byte range is decoded once with Node's
 * TextDecoder and the result inverted (cached per code set), so encoder and decoder cannot drift.
 */

interface CodeElement {
  /** G0 (bytes 0x21-0x7E) or G1 (bytes 0xA1-0xFE). */
  register: 0 | 1;
  /** The escape sequence that designates it, without the ESC. */
  escape: string;
  /** Character -> bytes as they appear in the value (7-bit for G0, 8-bit for G1); null = ASCII-like. */
  table: () => Map<string, number[]> | null;
}

const ESC = 0x1b;

const tables = new Map<string, Map<string, number[]>>();
function cached(key: string, build: () => Map<string, number[]>): () => Map<string, number[]> {
  return () => {
    let table = tables.get(key);
    if (!table) {
      table = build();
      tables.set(key, table);
    }
    return table;
  };
}

/** A 96-character set invoked in G1 (ISO 8859 parts, TIS 620): bytes 0xA0-0xFF. */
function singleByte(label: string): () => Map<string, number[]> {
  return cached(label, () => {
    const decoder = new TextDecoder(label);
    const table = new Map<string, number[]>();
    for (let b = 0xa0; b <= 0xff; b++) {
      const ch = decoder.decode(Uint8Array.of(b));
      if (ch !== '\ufffd' && !table.has(ch)) table.set(ch, [b]);
    }
    return table;
  });
}

/**
 * A 94x94 set (KS X 1001, GB 2312, JIS X 0208/0212) read through the EUC decoder that holds it:
 * rows and cells 0xA1-0xFE, with an optional lead byte (0x8F for JIS X 0212 in EUC-JP).
 */
function doubleByte(label: string, register: 0 | 1, lead?: number): () => Map<string, number[]> {
  return cached(`${label}/${register}/${lead ?? ''}`, () => {
    const decoder = new TextDecoder(label);
    const table = new Map<string, number[]>();
    for (let b1 = 0xa1; b1 <= 0xfe; b1++) {
      for (let b2 = 0xa1; b2 <= 0xfe; b2++) {
        const ch = decoder.decode(lead === undefined ? Uint8Array.of(b1, b2) : Uint8Array.of(lead, b1, b2));
        if ([...ch].length !== 1 || ch === '\ufffd' || table.has(ch)) continue;
        table.set(ch, register === 0 ? [b1 & 0x7f, b2 & 0x7f] : [b1, b2]);
      }
    }
    return table;
  });
}

/** JIS X 0201 katakana in G1: U+FF61-U+FF9F are bytes 0xA1-0xDF. */
const kana = cached('jis-x-0201-kana', () => {
  const table = new Map<string, number[]>();
  for (let b = 0xa1; b <= 0xdf; b++) table.set(String.fromCharCode(0xff61 + (b - 0xa1)), [b]);
  return table;
});

const ASCII: CodeElement = { register: 0, escape: '(B', table: () => null };
const ROMAJI: CodeElement = { register: 0, escape: '(J', table: () => null };

const single = (escape: string, label: string): CodeElement[] => [{ register: 1, escape, table: singleByte(label) }];

/** The code elements each defined term of (0008,0005) brings (PS3.3 C.12.1.1.2, Table C.12-3/C.12-4). */
const TERM_ELEMENTS: Record<string, CodeElement[]> = {
  'ISO 2022 IR 6': [ASCII],
  'ISO 2022 IR 100': single('-A', 'iso-8859-1'),
  'ISO 2022 IR 101': single('-B', 'iso-8859-2'),
  'ISO 2022 IR 109': single('-C', 'iso-8859-3'),
  'ISO 2022 IR 110': single('-D', 'iso-8859-4'),
  'ISO 2022 IR 144': single('-L', 'iso-8859-5'),
  'ISO 2022 IR 127': single('-G', 'iso-8859-6'),
  'ISO 2022 IR 126': single('-F', 'iso-8859-7'),
  'ISO 2022 IR 138': single('-H', 'iso-8859-8'),
  'ISO 2022 IR 148': single('-M', 'iso-8859-9'),
  'ISO 2022 IR 166': single('-T', 'tis-620'),
  'ISO 2022 IR 13': [ROMAJI, { register: 1, escape: ')I', table: kana }],
  'ISO 2022 IR 87': [{ register: 0, escape: '$B', table: doubleByte('euc-jp', 0) }],
  'ISO 2022 IR 159': [{ register: 0, escape: '$(D', table: doubleByte('euc-jp', 0, 0x8f) }],
  'ISO 2022 IR 149': [{ register: 1, escape: '$)C', table: doubleByte('euc-kr', 1) }],
  'ISO 2022 IR 58': [{ register: 1, escape: '$)A', table: doubleByte('gbk', 1) }],
};

/** Characters before which the initial code elements must be in force again (PS3.5 6.1.2.5.3). */
const RESET_CHARS = new Set(['\\', '^', '=', '\r', '\n', '\f', '\t']);

/**
 * Bytes of text in an ISO 2022 character set (terms of (0008,0005), first term = initial
 * state), with escape sequences where the text leaves the initial code elements, or undefined
 * when some character is in none of the listed sets (the caller then switches to ISO_IR 192).
 */
export function encodeIso2022(text: string, terms: string[]): Buffer | undefined {
  const trimmed = terms.map((t) => t.trim());
  const first = trimmed[0] === '' || trimmed[0] === undefined ? 'ISO 2022 IR 6' : trimmed[0];
  const lists = trimmed
    .map((t, i) => (i === 0 ? first : t))
    .filter((t) => t !== '')
    .map((t) => TERM_ELEMENTS[t]);
  if (lists.some((l) => l === undefined)) return undefined; // a term we cannot encode: leave it to the switch
  const elements = lists.flatMap((l) => l ?? []);
  const initialG0 =
    elements.find((e) => e.register === 0 && e.table() === null && TERM_ELEMENTS[first]?.includes(e)) ?? ASCII;
  const initialG1 = TERM_ELEMENTS[first]?.find((e) => e.register === 1);
  const graphic = elements.filter((e) => e.table() !== null);
  let g0 = initialG0;
  let g1 = initialG1;
  const out: number[] = [];
  const designate = (e: CodeElement): void => {
    out.push(ESC, ...Buffer.from(e.escape, 'latin1'));
  };
  const restore = (): void => {
    if (g0 !== initialG0) designate(initialG0);
    if (initialG1 && g1 !== initialG1) designate(initialG1);
    g0 = initialG0;
    g1 = initialG1; // without an initial G1 the designation lapses: the next use designates again
  };
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) {
      if (RESET_CHARS.has(ch)) restore();
      else if (g0 !== initialG0) {
        designate(initialG0);
        g0 = initialG0;
      }
      out.push(code);
      continue;
    }
    // keep the code elements already invoked when they hold the character (fewer escapes)
    const current = [g0, g1].filter((e): e is CodeElement => e !== undefined && e.table()?.has(ch) === true);
    const chosen = current[0] ?? graphic.find((e) => e.table()?.has(ch));
    const bytes = chosen?.table()?.get(ch);
    if (!chosen || !bytes) return undefined;
    if (chosen.register === 0 && g0 !== chosen) {
      designate(chosen);
      g0 = chosen;
    } else if (chosen.register === 1 && g1 !== chosen) {
      designate(chosen);
      g1 = chosen;
    }
    out.push(...bytes);
  }
  restore();
  return Buffer.from(out);
}
