import type { TagModification } from '@axiom/domain';

export interface RuleMatch {
  rulesetId: number;
  ruleId: number;
  destinationIds: number[];
  tagModifications: TagModification[];
}

export interface EvaluationResult {
  matches: RuleMatch[];
}

/** Secrets for the keyed actions; passed in by the caller, never read from the environment here. */
export interface MorphOptions {
  uidSecret?: string;
  dateShiftSecret?: string;
}

export interface TagChange {
  /** `(GGGG,EEEE)`, or a path such as `(0008,1110)[0].(0008,1155)` inside sequences. */
  tag: string;
  keyword?: string;
  before: string[] | null;
  after: string[] | null;
}

export interface MorphResult {
  changed: boolean;
  /** complete Part 10 file bytes (preamble + meta + data set) when changed, else null */
  output: Buffer | null;
  changes: TagChange[];
  warnings: string[];
}

export interface ValidationIssue {
  path: string;
  message: string;
}
