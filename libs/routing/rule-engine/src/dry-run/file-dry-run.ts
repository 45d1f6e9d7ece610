import type { DicomFile } from '@axiom/dicom-io';
import { byRunOrder, type InstanceOrigin, type RulesetDefinition, type TagModification } from '@axiom/domain';
import { appliesToSource, orderedRules, orderedRulesets } from '../evaluate-rulesets';
import { InstanceView } from '../matching/instance-view';
import { applyModifications } from '../morphing/apply-modifications';
import type { MorphOptions, MorphResult, TagChange } from '../types';
import { CriterionTrace, traceAssociation, traceCriterion } from './explain-criteria';

export interface RuleTrace {
  ruleId: number;
  name: string;
  matched: boolean;
  /** Why the rule was not evaluated: inactive, source not applicable, or an earlier FIRST_MATCH hit. */
  skipped?: 'inactive' | 'source_not_applicable' | 'first_match_already_found';
  associationCriteria: CriterionTrace[];
  matchCriteria: CriterionTrace[];
  destinationIds: number[];
}

export interface RulesetTrace {
  rulesetId: number;
  name: string;
  executionMode: string;
  active: boolean;
  rules: RuleTrace[];
}

export interface FileDryRunResult {
  rulesets: RulesetTrace[];
  appliedRuleIds: number[];
  /** Distinct destinations of the matched rules, in match order. */
  destinationIds: number[];
  /** Tag-by-tag before/after of all matched rules' modifications applied in order. */
  diff: TagChange[];
  warnings: string[];
  morph: MorphResult;
}

/**
 * A file dry run: the same decisions evaluateRulesets makes, with the reason for each, and the
 * morph the worker would apply. Nothing is stored or sent.
 */
export function dryRunFile(params: {
  file: DicomFile;
  rulesets: RulesetDefinition[];
  origin: InstanceOrigin;
  options?: MorphOptions;
}): FileDryRunResult {
  const { file, origin } = params;
  const view = new InstanceView(file);
  const active = new Set(orderedRulesets(params.rulesets));
  const traces: RulesetTrace[] = [];
  const applied: number[] = [];
  const destinations: number[] = [];
  const modifications: TagModification[] = [];
  for (const ruleset of [...params.rulesets].sort(byRunOrder)) {
    const isActive = active.has(ruleset);
    const activeRules = new Set(orderedRules(ruleset));
    let found = false;
    const rules: RuleTrace[] = [...ruleset.rules].sort(byRunOrder).map((rule) => {
      const base = {
        ruleId: rule.id,
        name: rule.name,
        destinationIds: rule.destinationIds,
        associationCriteria: [],
        matchCriteria: [],
      };
      if (!isActive || !activeRules.has(rule)) return { ...base, matched: false, skipped: 'inactive' as const };
      if (!appliesToSource(rule, origin)) return { ...base, matched: false, skipped: 'source_not_applicable' as const };
      if (found && ruleset.executionMode === 'FIRST_MATCH')
        return { ...base, matched: false, skipped: 'first_match_already_found' as const };
      const associationCriteria = (rule.associationCriteria ?? []).map((c) => traceAssociation(c, origin));
      const matchCriteria = (rule.matchCriteria ?? []).map((c) => traceCriterion(c, view));
      const matched = associationCriteria.every((t) => t.held) && matchCriteria.every((t) => t.held);
      if (matched) {
        found = true;
        applied.push(rule.id);
        for (const d of rule.destinationIds) if (!destinations.includes(d)) destinations.push(d);
        modifications.push(...rule.tagModifications);
      }
      return { ...base, matched, associationCriteria, matchCriteria };
    });
    traces.push({
      rulesetId: ruleset.id,
      name: ruleset.name,
      executionMode: String(ruleset.executionMode),
      active: isActive,
      rules,
    });
  }
  const morph = applyModifications(file, modifications, params.options);
  return {
    rulesets: traces,
    appliedRuleIds: applied,
    destinationIds: destinations,
    diff: morph.changes,
    warnings: morph.warnings,
    morph,
  };
}
