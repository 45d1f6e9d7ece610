export * from './types';
export { evaluateRulesets } from './evaluate-rulesets';
export { applyModifications } from './morphing/apply-modifications';
export { validateRuleInput } from './validation/validate-rule-input';
