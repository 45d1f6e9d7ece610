import type { TagModification } from '@axiom/domain';
import type { RuleMatch } from '@axiom/rule-engine';

/** Actions whose output is only safe with the morph secret: without it the original UIDs and dates would leave. */
const KEYED_ACTIONS = new Set<TagModification['action']>(['hash_uid', 'shift_date']);

/** Thrown when routing cannot go on safely; the instance fails at once with this reason (no retry). */
export class RoutingRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoutingRefusedError';
  }
}

/** Refuses to route matches that use a keyed action when no morph secret is configured. */
export function assertKeyedActionsHaveSecret(matches: RuleMatch[], secret: string | undefined): void {
  if (secret) return;
  for (const match of matches) {
    const keyed = match.tagModifications.find((m) => KEYED_ACTIONS.has(m.action));
    if (keyed && match.destinationIds.length > 0) {
      throw new RoutingRefusedError(
        `rule ${match.ruleId} uses ${keyed.action}, but no morph secret is configured (set AXIOM_MORPH_SECRET); ` +
          'not routed, so that no original UID or date leaves unchanged',
      );
    }
  }
}
