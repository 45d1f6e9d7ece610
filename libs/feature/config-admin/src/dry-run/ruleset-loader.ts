import type { RulesetDefinition } from '@axiom/domain';

/** Where the dry runs get rulesets from (the persistence layer provides it). */
export interface RulesetLoader {
  /** Active rulesets with their rules, as the router worker would see them. */
  loadActive(): Promise<RulesetDefinition[]>;
  loadOne(id: number): Promise<RulesetDefinition | null>;
}

export const RULESET_LOADER = Symbol('RULESET_LOADER');

/** Optional: the UID and date-shift secrets, so that dry runs of keyed actions show real results. */
export const DRY_RUN_MORPH_OPTIONS = Symbol('DRY_RUN_MORPH_OPTIONS');
