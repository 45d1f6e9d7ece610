export * from './types';
export { evaluateRulesets } from './evaluate-rulesets';
export { applyModifications } from './morphing/apply-modifications';
export { needsWholeDataset } from './morphing/part10-output';
export { validateRuleInput } from './validation/validate-rule-input';
export { processJson, type ProcessJsonResult } from './dry-run/process-json';
export { dryRunFile, type FileDryRunResult, type RuleTrace, type RulesetTrace } from './dry-run/file-dry-run';
export type { CriterionTrace } from './dry-run/explain-criteria';
