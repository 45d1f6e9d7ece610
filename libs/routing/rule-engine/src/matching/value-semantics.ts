/**
 * How element values compare, by VR family: numbers numerically, dates and times chronologically,
 * everything else as text.
 */
export type VrFamily = 'numeric' | 'datetime' | 'time' | 'text';

const NUMERIC_VRS = new Set(['IS', 'DS', 'US', 'UL', 'SS', 'SL', 'FL', 'FD', 'SV', 'UV']);

export function vrFamily(vr: string): VrFamily {
  if (NUMERIC_VRS.has(vr)) return 'numeric';
  if (vr === 'DA' || vr === 'DT') return 'datetime';
  if (vr === 'TM') return 'time';
  return 'text';
}

export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

const DT_FORM = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,6}))?(?:[+-]\d{4})?$/;
const TM_FORM = /^(\d{2})(\d{2})?(\d{2})?(?:\.(\d{1,6}))?$/;

/**
 * A sortable key for a DA or DT value (a DA is a DT truncated to the day): missing parts take
 * their lowest value, so `2024` < `20240101120000`. ACR-NEMA separators (`2024.01.01`,
 * `2024-01-01`) are accepted. Time-zone offsets are ignored (values are compared as written).
 */
export function dateTimeKey(s: string): string | undefined {
  const compact = s.trim().replace(/^(\d{4})[.-](\d{2})[.-](\d{2})/, '$1$2$3');
  const m = DT_FORM.exec(compact);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', sec = '00', frac = ''] = m;
  if (
    Number(mo) < 1 ||
    Number(mo) > 12 ||
    Number(d) < 1 ||
    Number(d) > 31 ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(sec) > 60
  )
    return undefined;
  return `${y}${mo}${d}${h}${mi}${sec}.${frac.padEnd(6, '0')}`;
}

/** A sortable key for a TM value; partial times such as `1430` are valid, `14:30:00` too. */
export function timeKey(s: string): string | undefined {
  const m = TM_FORM.exec(s.trim().replace(/:/g, ''));
  if (!m) return undefined;
  const [, h, mi = '00', sec = '00', frac = ''] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 60) return undefined;
  return `${h}${mi}${sec}.${frac.padEnd(6, '0')}`;
}

/** The sortable form of a value in a VR family, or undefined when it is not of that form. */
export function orderKey(family: VrFamily, s: string): number | string | undefined {
  switch (family) {
    case 'numeric':
      return parseNumber(s);
    case 'datetime':
      return dateTimeKey(s);
    case 'time':
      return timeKey(s);
    case 'text':
      return s;
  }
}
