import { randomBytes } from 'node:crypto';
import { EditableItem, dictionaryVr, formatTag } from '@axiom/dicom-io';
import type { MorphContext, Target } from '../morph-context';
import { hashUid, shiftDateValue } from '../keyed-remap';
import { PROFILE_TABLE, ProfileCode, isRemovedRepeatingGroup } from './profile-table';

export interface ProfileOptions {
  retainUids: boolean;
  /** Days to shift DA/DT by (Retain Longitudinal Temporal Information with Modified Dates), or undefined. */
  shiftDays: number | undefined;
  uidSecret: string;
}

/** Dummy values for action D, valid for each VR. */
const DUMMY: Record<string, string> = {
  PN: 'ANONYMOUS',
  LO: 'ANONYMIZED',
  SH: 'ANONYMIZED',
  LT: 'ANONYMIZED',
  ST: 'ANONYMIZED',
  UT: 'ANONYMIZED',
  UC: 'ANONYMIZED',
  CS: 'ANONYMIZED',
  AE: 'ANONYMOUS',
  DA: '19000101',
  TM: '000000',
  DT: '19000101000000',
  AS: '000Y',
  IS: '0',
  DS: '0',
  US: '0',
  SS: '0',
  UL: '0',
  SL: '0',
  FL: '0',
  FD: '0',
  UR: 'urn:anonymized',
};

type Effective = 'keep' | 'remove' | 'empty' | 'dummy' | 'uid' | 'shift' | 'recurse';

/**
 * The action taken for one element. Combined codes take the choice that keeps the object valid
 * without knowing its IOD: X/Z -> Z (the attribute may be Type 2), X/D and X/Z/D -> X, Z/D -> Z;
 * sequences marked D or X/Z/U* keep their items, which are then cleaned attribute by attribute.
 */
export function effectiveAction(
  code: ProfileCode | undefined,
  vr: string,
  isSequence: boolean,
  options: ProfileOptions,
): Effective {
  if (code === undefined) return isSequence ? 'recurse' : 'keep';
  if (code === 'U') return options.retainUids ? 'keep' : 'uid';
  const isDate = vr === 'DA' || vr === 'DT' || vr === 'TM';
  if (isDate && options.shiftDays !== undefined) return vr === 'TM' ? 'keep' : 'shift';
  switch (code) {
    case 'X':
    case 'X/D':
    case 'X/Z/D':
      return 'remove';
    case 'Z':
    case 'X/Z':
    case 'Z/D':
      return 'empty';
    case 'D':
      return isSequence ? 'recurse' : 'dummy';
    case 'X/Z/U*':
      return isSequence ? 'recurse' : 'remove';
  }
}

export function cleanItem(ctx: MorphContext, item: EditableItem, prefix: string, options: ProfileOptions): void {
  for (const el of [...item.elements()]) {
    const tag = el.tag;
    const t: Target = { item, tag, ref: { kind: 'tag', tag }, path: prefix + formatTag(tag) };
    if ((tag >>> 16) % 2 === 1 || isRemovedRepeatingGroup(tag)) {
      ctx.remove(t); // private attributes (creators included), curves and overlay data
      continue;
    }
    const vr = el.vr === 'UN' ? dictionaryVr(tag) : el.vr;
    switch (effectiveAction(PROFILE_TABLE.get(tag), vr, el.isSequence, options)) {
      case 'keep':
        break;
      case 'remove':
        ctx.remove(t);
        break;
      case 'empty':
        if (el.isSequence || vr === 'SQ') ctx.writeRaw(t, 'SQ', Buffer.alloc(0));
        else if (DUMMY[vr] !== undefined || vr === 'UI') ctx.write(t, [], vr);
        else ctx.writeRaw(t, el.vr, Buffer.alloc(0));
        break;
      case 'dummy': {
        const dummy = DUMMY[vr];
        if (vr === 'UI')
          ctx.write(
            t,
            (ctx.read(t) ?? []).map((v) => hashUid(v, options.uidSecret)),
            'UI',
          );
        else if (dummy !== undefined) ctx.write(t, [dummy], vr);
        else ctx.writeRaw(t, el.vr, Buffer.alloc(0));
        break;
      }
      case 'uid':
        ctx.write(
          t,
          (ctx.read(t) ?? []).map((v) => (v === '' ? v : hashUid(v, options.uidSecret))),
          'UI',
        );
        break;
      case 'shift': {
        const days = options.shiftDays ?? 0;
        const values = ctx.read(t) ?? [];
        const shifted = values.map((v) => (v === '' ? v : shiftDateValue(v, vr as 'DA' | 'DT', days)));
        if (shifted.some((v) => v === undefined))
          ctx.write(t, [], vr); // not a full date: cannot be shifted, so emptied
        else ctx.write(t, shifted as string[], vr);
        break;
      }
      case 'recurse':
        el.items().forEach((child, i) => cleanItem(ctx, child, `${t.path}[${i}].`, options));
        break;
    }
  }
}

/** A UID secret for this call when none is configured: UIDs stay consistent within the instance only. */
export function ephemeralSecret(): string {
  return randomBytes(32).toString('hex');
}
