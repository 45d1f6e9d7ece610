import type { TagModification } from '@axiom/domain';
import type { MorphContext, Target } from './morph-context';
import { dateShiftDays, hashUid, shiftDateValue } from './keyed-remap';

const PATIENT_ID = 0x00100020;

export function remapUids(ctx: MorphContext, t: Target, secret: string): void {
  const values = ctx.read(t);
  if (!values || values.length === 0) return;
  ctx.write(
    t,
    values.map((v) => (v === '' ? v : hashUid(v, secret))),
    'UI',
  );
}

export function hashUidAction(ctx: MorphContext, m: Extract<TagModification, { action: 'hash_uid' }>): void {
  const secret = ctx.options.uidSecret;
  if (!secret) {
    ctx.warnings.push(`hash_uid ${m.tag}: no UID secret configured; UIDs left unchanged`);
    return;
  }
  for (const t of ctx.targets(m.tag, false)) {
    const el = ctx.element(t);
    if (!el) continue;
    if (el.vr !== 'UI') {
      ctx.warnings.push(`${t.path}: hash_uid needs a UI element, this one is ${el.vr}`);
      continue;
    }
    remapUids(ctx, t, secret);
  }
}

export function patientDateShift(ctx: MorphContext, maxDays?: number): number | undefined {
  const secret = ctx.options.dateShiftSecret;
  if (!secret) return undefined;
  const patientId = ctx.root.get(PATIENT_ID)?.strings([])[0] ?? '';
  return dateShiftDays(patientId, secret, maxDays);
}

export function shiftDates(ctx: MorphContext, t: Target, days: number): void {
  const el = ctx.element(t);
  if (!el) return;
  if (el.vr !== 'DA' && el.vr !== 'DT') {
    ctx.warnings.push(`${t.path}: shift_date needs a DA or DT element, this one is ${el.vr}`);
    return;
  }
  const vr = el.vr;
  const values = ctx.read(t) ?? [];
  const shifted = values.map((v) => (v === '' ? v : shiftDateValue(v, vr, days)));
  if (shifted.some((v) => v === undefined)) {
    ctx.warnings.push(`${t.path}: "${values.join('\\')}" is not a full date; left unchanged`);
    return;
  }
  ctx.write(t, shifted as string[], vr);
}

export function shiftDateAction(ctx: MorphContext, m: Extract<TagModification, { action: 'shift_date' }>): void {
  const days = patientDateShift(ctx, m.max_days);
  if (days === undefined) {
    ctx.warnings.push(`shift_date ${m.tag}: no date-shift secret configured; dates left unchanged`);
    return;
  }
  for (const t of ctx.targets(m.tag, false)) shiftDates(ctx, t, days);
}
