import type { AssociationCriterion, InstanceOrigin, MatchCriterion } from '@axiom/domain';
import { compileAssociation, compileCriterion, CompiledCriterion } from '../matching/criteria';
import type { InstanceView } from '../matching/instance-view';

/** Why one criterion held or failed: the values it saw, and its parts for all/any/not. */
export interface CriterionTrace {
  criterion: MatchCriterion | AssociationCriterion;
  held: boolean;
  /** Element values seen (tag criteria) or the association value (association criteria); null = absent. */
  actual?: string[] | null;
  parts?: CriterionTrace[];
}

function traceCompiled(c: CompiledCriterion, source: MatchCriterion, view: InstanceView): CriterionTrace {
  switch (c.kind) {
    case 'tag': {
      const v = view.lookup(c.path);
      return { criterion: source, held: c.test(v), actual: v.present ? v.values : null };
    }
    case 'all':
    case 'any': {
      const children = (source as { all?: MatchCriterion[]; any?: MatchCriterion[] })[c.kind] ?? [];
      const parts = c.children.map((child, i) => traceCompiled(child, children[i] as MatchCriterion, view));
      return {
        criterion: source,
        held: c.kind === 'all' ? parts.every((p) => p.held) : parts.some((p) => p.held),
        parts,
      };
    }
    case 'not': {
      const inner = traceCompiled(c.child, (source as { not: MatchCriterion }).not, view);
      return { criterion: source, held: !inner.held, parts: [inner] };
    }
  }
}

export function traceCriterion(c: MatchCriterion, view: InstanceView): CriterionTrace {
  return traceCompiled(compileCriterion(c), c, view);
}

export function traceAssociation(c: AssociationCriterion, origin: InstanceOrigin): CriterionTrace {
  const actual =
    c.parameter === 'SOURCE_IP'
      ? origin.peerAddress
      : c.parameter === 'CALLING_AE_TITLE'
        ? origin.callingAeTitle
        : origin.calledAeTitle;
  return {
    criterion: c,
    held: compileAssociation(c)(origin),
    actual: actual === null || actual === undefined ? null : [actual],
  };
}
