/**
 * The C-FIND keys of a DIMSE Q/R source's query_filters at query time: StudyDate may be given
 * relative to the day of the query (TODAY, YESTERDAY, -<N>d = the last N days up to today), which
 * becomes a DICOM date or date range (PS3.4 C.2.2.2.5); DICOM dates and ranges pass unchanged.
 */

const RELATIVE_DAYS = /^-(\d{1,4})d$/i;
const DICOM_DATE_OR_RANGE = /^(\d{8}|\d{8}-|-\d{8}|\d{8}-\d{8})$/;

export class QueryFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryFilterError';
  }
}

/** YYYYMMDD of a day in local time (DICOM dates carry no zone: they are the site's dates). */
export function dicomDate(day: Date): string {
  return `${day.getFullYear()}${String(day.getMonth() + 1).padStart(2, '0')}${String(day.getDate()).padStart(2, '0')}`;
}

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
}

/** A StudyDate filter as a DICOM date or range, relative to `now`. */
export function resolveStudyDate(value: string, now: Date): string {
  const v = value.trim().toUpperCase();
  if (v === 'TODAY') return dicomDate(now);
  if (v === 'YESTERDAY') return dicomDate(daysBefore(now, 1));
  const relative = RELATIVE_DAYS.exec(v);
  if (relative) return `${dicomDate(daysBefore(now, Number(relative[1])))}-${dicomDate(now)}`;
  if (DICOM_DATE_OR_RANGE.test(v)) return v;
  throw new QueryFilterError(`StudyDate "${value}" is not TODAY, YESTERDAY, -<N>d or a DICOM date (range)`);
}

/** The row's filters as C-FIND matching keys for a query made at `now`. */
export function matchingKeys(filters: Record<string, string> | null, now: Date): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [keyword, value] of Object.entries(filters ?? {})) {
    keys[keyword] = keyword === 'StudyDate' ? resolveStudyDate(value, now) : value;
  }
  return keys;
}
