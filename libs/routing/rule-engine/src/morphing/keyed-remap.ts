import { createHmac } from 'node:crypto';

/**
 * Keyed, deterministic remapping: the same input and secret give the same output on every
 * instance and every worker, so series and studies stay together after de-identification.
 */
export function hashUid(uid: string, secret: string): string {
  const digest = createHmac('sha256', secret).update(uid.trim()).digest();
  // PS3.5 B.2: 2.25.<decimal of a 128-bit number> (at most 44 characters)
  return `2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString(10)}`;
}

export const DEFAULT_MAX_SHIFT_DAYS = 365;

/** Days to shift a patient's dates: 1..maxDays into the past, fixed by the secret and PatientID. */
export function dateShiftDays(patientId: string, secret: string, maxDays = DEFAULT_MAX_SHIFT_DAYS): number {
  const digest = createHmac('sha256', secret).update(`date-shift:${patientId.trim()}`).digest();
  return -(1 + (digest.readUInt32BE(0) % Math.max(1, Math.floor(maxDays))));
}

function shiftYmd(ymd: string, days: number): string | undefined {
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(4, 6));
  const d = Number(ymd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  date.setUTCDate(date.getUTCDate() + days);
  const yy = String(date.getUTCFullYear()).padStart(4, '0');
  return `${yy}${String(date.getUTCMonth() + 1).padStart(2, '0')}${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** A DA, or the date part of a DT (time and offset kept); undefined when not a full date. */
export function shiftDateValue(value: string, vr: 'DA' | 'DT', days: number): string | undefined {
  const v = value.trim();
  if (vr === 'DA') return /^\d{8}$/.test(v) ? shiftYmd(v, days) : undefined;
  if (!/^\d{8}/.test(v)) return undefined;
  const date = shiftYmd(v.slice(0, 8), days);
  return date === undefined ? undefined : date + v.slice(8);
}
