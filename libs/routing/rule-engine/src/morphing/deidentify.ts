import type { TagModification } from '@axiom/domain';
import type { MorphContext } from './morph-context';

export function deidentifyAction(ctx: MorphContext, _m: Extract<TagModification, { action: 'deidentify' }>): void {
  ctx.warnings.push('deidentify: not implemented yet');
}
