import type { DicomFile } from '@axiom/dicom-io';
import type { TagModification } from '@axiom/domain';
import type { MorphOptions, MorphResult } from '../types';
import {
  copyAction,
  deleteAction,
  moveAction,
  prependAction,
  regexReplaceAction,
  setAction,
  suffixAction,
} from './basic-actions';
import { deidentifyAction } from './deidentify/deidentify-action';
import { hashUidAction, shiftDateAction } from './keyed-actions';
import { MorphContext } from './morph-context';
import { assembleOutput, editableDataset, needsWholeDataset } from './part10-output';

function applyOne(ctx: MorphContext, m: TagModification): void {
  switch (m.action) {
    case 'set':
      return setAction(ctx, m);
    case 'delete':
      return deleteAction(ctx, m);
    case 'prepend':
      return prependAction(ctx, m);
    case 'suffix':
      return suffixAction(ctx, m);
    case 'regex_replace':
      return regexReplaceAction(ctx, m);
    case 'copy':
      return copyAction(ctx, m);
    case 'move':
      return moveAction(ctx, m);
    case 'hash_uid':
      return hashUidAction(ctx, m);
    case 'shift_date':
      return shiftDateAction(ctx, m);
    case 'deidentify':
      return deidentifyAction(ctx, m);
  }
}

/**
 * Applies modifications in order. Only changed elements are re-encoded; an instance that no
 * action changes is not re-written (`output` null). Invalid values become per-instance warnings.
 */
export function applyModifications(
  file: DicomFile,
  modifications: TagModification[],
  options: MorphOptions = {},
): MorphResult {
  const ctx = createMorphContext(file, modifications, options);
  for (const m of modifications) {
    try {
      applyOne(ctx, m);
    } catch (err) {
      ctx.warnings.push(`${m.action}: ${(err as Error).message}; action skipped`);
    }
  }
  if (!ctx.ds.changed) return { changed: false, output: null, changes: ctx.changes, warnings: ctx.warnings };
  const output = assembleOutput(file, ctx.ds.serialize(), ctx.metaUpdates);
  return { changed: true, output, changes: ctx.changes, warnings: ctx.warnings };
}

export function createMorphContext(
  file: DicomFile,
  modifications: TagModification[],
  options: MorphOptions,
): MorphContext {
  const ctx = new MorphContext(editableDataset(file, needsWholeDataset(modifications)), file.syntax, options);
  ctx.originalMediaStorageSopInstanceUid = file.layout.meta.mediaStorageSopInstanceUid;
  return ctx;
}
