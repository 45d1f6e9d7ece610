import type { ValidationIssue } from '../types';
import { IssueList } from './issues';
import { validateAssociationCriteria, validateMatchCriteria } from './validate-criteria';
import { validateModifications } from './validate-modifications';

/** Validates a rule body as received by the REST API (snake_case fields); [] when valid. */
export function validateRuleInput(input: {
  match_criteria?: unknown;
  association_criteria?: unknown;
  tag_modifications?: unknown;
  applicable_sources?: unknown;
}): ValidationIssue[] {
  const issues = new IssueList();
  validateMatchCriteria(issues, 'match_criteria', input.match_criteria);
  validateAssociationCriteria(issues, 'association_criteria', input.association_criteria);
  validateModifications(issues, 'tag_modifications', input.tag_modifications);
  const sources = input.applicable_sources;
  if (sources !== undefined && sources !== null) {
    if (!Array.isArray(sources))
      issues.add('applicable_sources', 'must be null (all sources) or a list of source names');
    else
      sources.forEach((s, i) => {
        if (typeof s !== 'string' || s.trim() === '')
          issues.add(`applicable_sources[${i}]`, 'a source name must be a non-empty string');
      });
  }
  return issues.issues;
}
