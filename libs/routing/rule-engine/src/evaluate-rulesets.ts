import type { DicomFile } from '@axiom/dicom-io';
import { byRunOrder, type InstanceOrigin, type RuleDefinition, type RulesetDefinition } from '@axiom/domain';
import { compileAssociation, matchesAll } from './matching/criteria';
import { InstanceView } from './matching/instance-view';
import type { EvaluationResult, RuleMatch } from './types';

/** Active rulesets (and rules) in run order: lower priority first, ties by id. */
export function orderedRulesets(rulesets: RulesetDefinition[]): RulesetDefinition[] {
  return rulesets.filter((r) => r.isActive).sort(byRunOrder);
}

export function orderedRules(ruleset: RulesetDefinition): RuleDefinition[] {
  return ruleset.rules.filter((r) => r.isActive).sort(byRunOrder);
}

export function appliesToSource(rule: RuleDefinition, origin: InstanceOrigin): boolean {
  return (
    rule.applicableSources === null ||
    rule.applicableSources === undefined ||
    rule.applicableSources.includes(origin.sourceName)
  );
}

/** Whether a rule matches, with the cheap source and association checks first. */
export function ruleMatches(rule: RuleDefinition, view: InstanceView, origin: InstanceOrigin): boolean {
  if (!appliesToSource(rule, origin)) return false;
  for (const a of rule.associationCriteria ?? []) if (!compileAssociation(a)(origin)) return false;
  return matchesAll(rule.matchCriteria ?? [], view);
}

/**
 * Evaluates rulesets in priority order. FIRST_MATCH stops a ruleset at its first matching rule;
 * ALL_MATCHES collects every matching rule; every active ruleset is evaluated either way.
 */
export function evaluateRulesets(
  rulesets: RulesetDefinition[],
  file: DicomFile,
  origin: InstanceOrigin,
): EvaluationResult {
  const view = new InstanceView(file);
  const matches: RuleMatch[] = [];
  for (const ruleset of orderedRulesets(rulesets)) {
    for (const rule of orderedRules(ruleset)) {
      if (!ruleMatches(rule, view, origin)) continue;
      matches.push({
        rulesetId: ruleset.id,
        ruleId: rule.id,
        destinationIds: [...rule.destinationIds],
        tagModifications: rule.tagModifications,
      });
      if (ruleset.executionMode === 'FIRST_MATCH') break;
    }
  }
  return { matches };
}
