import type { AssociationParameter, ExecutionMode, MatchOperator } from './enums';

/** One criterion on a DICOM element. `value` is a scalar or, for in/not_in, a list. */
export interface TagCriterion {
  tag: string;
  op: MatchOperator | `${MatchOperator}`;
  value?: unknown;
  case_insensitive?: boolean;
}

/** AND / OR / NOT composition of criteria (an extension of the original contract). */
export type MatchCriterion =
  TagCriterion | { all: MatchCriterion[] } | { any: MatchCriterion[] } | { not: MatchCriterion };

export interface AssociationCriterion {
  parameter: AssociationParameter | `${AssociationParameter}`;
  op: MatchOperator | `${MatchOperator}`;
  value?: unknown;
  case_insensitive?: boolean;
}

export type TagModification =
  | { action: 'set'; tag: string; value: unknown; vr?: string }
  | { action: 'delete'; tag: string }
  | { action: 'prepend'; tag: string; value: string }
  | { action: 'suffix'; tag: string; value: string }
  | { action: 'regex_replace'; tag: string; pattern: string; replacement: string }
  | { action: 'copy'; source_tag: string; destination_tag: string; destination_vr?: string }
  | { action: 'move'; source_tag: string; destination_tag: string; destination_vr?: string }
  /** Keyed, consistent UID remapping (2.25.<HMAC-SHA256 of the UID, 128 bits>); needs a UID secret. */
  | { action: 'hash_uid'; tag: string }
  /** Shifts DA/DT values by a per-patient offset keyed by a secret and PatientID (1..max_days days back, default 365). */
  | { action: 'shift_date'; tag: string; max_days?: number }
  /** PS3.15 Basic Application Level Confidentiality Profile, with the two options selectable. */
  | { action: 'deidentify'; retain_uids?: boolean; retain_longitudinal_modified_dates?: boolean; max_days?: number };

/** A rule as the engine sees it: plain data, no persistence concerns. */
export interface RuleDefinition {
  id: number;
  name: string;
  isActive: boolean;
  priority: number;
  matchCriteria: MatchCriterion[];
  associationCriteria: AssociationCriterion[];
  tagModifications: TagModification[];
  applicableSources: string[] | null;
  destinationIds: number[];
}

export interface RulesetDefinition {
  id: number;
  name: string;
  isActive: boolean;
  priority: number;
  executionMode: ExecutionMode | `${ExecutionMode}`;
  rules: RuleDefinition[];
}

/** Where an instance came from, as rules see it. */
export interface InstanceOrigin {
  sourceName: string;
  callingAeTitle?: string | null;
  calledAeTitle?: string | null;
  peerAddress?: string | null;
}

/** The run order of rulesets and of the rules in a ruleset: lower priority first, ties by id. */
export function byRunOrder<T extends { priority: number; id: number }>(a: T, b: T): number {
  return a.priority - b.priority || a.id - b.id;
}
