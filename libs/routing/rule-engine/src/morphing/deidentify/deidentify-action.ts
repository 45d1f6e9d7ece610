import { formatTag } from '@axiom/dicom-io';
import type { TagModification } from '@axiom/domain';
import { patientDateShift } from '../keyed-actions';
import type { MorphContext } from '../morph-context';
import { hashUid } from '../keyed-remap';
import { cleanItem, ephemeralSecret } from './profile-actions';

const PATIENT_IDENTITY_REMOVED = 0x00120062;
const DEIDENTIFICATION_METHOD = 0x00120063;
const LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED = 0x00280303;

/**
 * PS3.15 Annex E Basic Application Level Confidentiality Profile, with the Retain UIDs and
 * Retain Longitudinal Temporal Information with Modified Dates options. UIDs are remapped with
 * the UID secret (consistent across instances), dates shifted per patient with the date secret.
 */
export function deidentifyAction(ctx: MorphContext, m: Extract<TagModification, { action: 'deidentify' }>): void {
  const retainUids = m.retain_uids === true;
  let shiftDays: number | undefined;
  if (m.retain_longitudinal_modified_dates === true) {
    shiftDays = patientDateShift(ctx, m.max_days);
    if (shiftDays === undefined)
      ctx.warnings.push('deidentify: no date-shift secret configured; dates are removed or emptied instead of shifted');
  }
  let uidSecret = ctx.options.uidSecret;
  if (!uidSecret && !retainUids) {
    ctx.warnings.push('deidentify: no UID secret configured; replaced UIDs are consistent within this instance only');
    uidSecret = ephemeralSecret();
  }
  cleanItem(ctx, ctx.root, '', { retainUids, shiftDays, uidSecret: uidSecret ?? '' });
  // the meta's copy of the instance UID is a U attribute too, also when the data set lacks its own
  const metaUid = ctx.originalMediaStorageSopInstanceUid;
  if (!retainUids && metaUid && !ctx.metaUpdates.has(0x00020003))
    ctx.metaUpdates.set(0x00020003, hashUid(metaUid, uidSecret ?? ''));

  const method = ['DICOM PS3.15 E.1 Basic Profile'];
  if (retainUids) method.push('Retain UIDs Option');
  if (shiftDays !== undefined) method.push('Retain Longitudinal Modified Dates Option');
  const at = (tag: number) => ({ item: ctx.root, tag, ref: { kind: 'tag' as const, tag }, path: formatTag(tag) });
  ctx.write(at(PATIENT_IDENTITY_REMOVED), ['YES'], 'CS');
  ctx.write(at(DEIDENTIFICATION_METHOD), method, 'LO');
  if (shiftDays !== undefined) ctx.write(at(LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED), ['MODIFIED'], 'CS');
}
