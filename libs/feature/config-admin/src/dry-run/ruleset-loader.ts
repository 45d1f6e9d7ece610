import type { RulesetDefinition } from '@axiom/domain';

/** Where the dry runs get rulesets from (the persistence layer provides it). */
export interface RulesetLoader {
  /** Active rulesets with their rules, as the router worker would see them. */
  loadActive(): Promise<RulesetDefinition[]>;
  loadOne(id: number): Promise<RulesetDefinition | null>;
}

export const RULESET_LOADER = Symbol('RULESET_LOADER');

/** The UID and date-shift secrets (the worker's, see morph-options.provider), so that dry runs of keyed actions show what will be delivered. */
export const DRY_RUN_MORPH_OPTIONS = Symbol('DRY_RUN_MORPH_OPTIONS');
