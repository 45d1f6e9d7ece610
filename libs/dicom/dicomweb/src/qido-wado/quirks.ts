/**
 * What DICOMweb servers do differently, each in one small named function (OHIF's habit), so that
 * a new vendor's oddity is one function and one test, not a branch in the client.
 */

/** A DICOM JSON object (PS3.18 F.2): tag -> { vr, Value }. */
export type DicomJsonObject = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

/** The first value of a tag as a string, or null (PN values give their Alphabetic part). */
export function firstValue(obj: DicomJsonObject, tag: string): string | null {
  const v = obj[tag]?.Value?.[0];
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') {
    const alphabetic = (v as { Alphabetic?: unknown }).Alphabetic;
    return typeof alphabetic === 'string' ? alphabetic : null;
  }
  return String(v);
}

/**
 * A study's change time as far as QIDO-RS can tell: StudyDate + StudyTime (read as UTC, the same
 * way every time, so it orders); null without a valid StudyDate. Servers send DA as YYYYMMDD,
 * some (old dcm4chee) as YYYY-MM-DD; TM may carry fractions or be absent.
 */
export function studyChangeTime(study: DicomJsonObject): Date | null {
  const date = (firstValue(study, '00080020') ?? '').replace(/-/g, '');
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (!m) return null;
  const time = (firstValue(study, '00080030') ?? '').replace(/:/g, '');
  const t = /^(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,6}))?/.exec(time) ?? [];
  const ms = t[4] ? Math.floor(Number(`0.${t[4]}`) * 1000) : 0;
  const at = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(t[1] ?? 0),
    Number(t[2] ?? 0),
    Number(t[3] ?? 0),
    ms,
  );
  return Number.isNaN(at) ? null : new Date(at);
}

/**
 * What shows that a study's content changed: its numbers of related series and instances
 * (00201206 / 00201208), which most servers return at study level (Orthanc, dcm4chee, Google).
 * Null when the server gives neither: the caller then falls back on the change time.
 */
export function studySignature(study: DicomJsonObject): string | null {
  const series = firstValue(study, '00201206');
  const instances = firstValue(study, '00201208');
  if (series === null && instances === null) return null;
  return `series=${series ?? '?'};instances=${instances ?? '?'}`;
}

/**
 * Whether to ask for the next page. Servers cap results below the limit we ask for (a page
 * shorter than `limit` is then not the last one), and a few ignore `offset` (they answer the
 * same first page again): go on while a page brings keys not listed yet, stop at an empty page
 * or one that brings nothing new.
 */
export function hasNextPage(page: readonly string[], listed: ReadonlySet<string>): boolean {
  return page.length > 0 && page.some((key) => !listed.has(key));
}

/**
 * Accept headers for a WADO-RS instance, in order: first the stored bytes as they are
 * (`transfer-syntax=*`, so nothing is transcoded on the way: the router must stay byte-faithful),
 * then the plain type for servers that refuse the parameter.
 */
export const WADO_ACCEPTS = [
  'multipart/related; type="application/dicom"; transfer-syntax=*',
  'multipart/related; type="application/dicom"',
] as const;

/** A server that does not take an Accept header answers 406 (some 400): try the next one. */
export function refusesAccept(status: number): boolean {
  return status === 406 || status === 400;
}

/**
 * Credentials written into the base URL (`https://user:pass@host/...`) cannot go to fetch, which
 * refuses such URLs: they are taken out and sent as Basic auth when the source has no other auth.
 */
export function splitUrlCredentials(url: string): {
  url: string;
  basic: { username: string; password: string } | null;
} {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, basic: null };
  }
  if (u.username === '' && u.password === '') return { url, basic: null };
  const basic = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  u.username = '';
  u.password = '';
  return { url: u.toString(), basic };
}
