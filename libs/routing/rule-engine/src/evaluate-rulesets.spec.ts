import type { InstanceOrigin, RuleDefinition, RulesetDefinition } from '@axiom/domain';
import { evaluateRulesets } from './evaluate-rulesets';
import { buildFile } from './testing/dataset-builder';

const file = buildFile([
  { tag: 'Modality', vr: 'CS', values: ['CT'] },
  { tag: 'StudyDescription', vr: 'LO', values: ['CHEST'] },
]);
const origin: InstanceOrigin = {
  sourceName: 'ct-listener',
  callingAeTitle: 'CT1',
  calledAeTitle: 'AXIOM',
  peerAddress: '10.0.0.5',
};

let nextId = 1;
function rule(partial: Partial<RuleDefinition>): RuleDefinition {
  const id = nextId++;
  return {
    id,
    name: `r${id}`,
    isActive: true,
    priority: 0,
    matchCriteria: [],
    associationCriteria: [],
    tagModifications: [],
    applicableSources: null,
    destinationIds: [id * 10],
    ...partial,
  };
}
function ruleset(partial: Partial<RulesetDefinition>): RulesetDefinition {
  return { id: nextId++, name: 'rs', isActive: true, priority: 0, executionMode: 'FIRST_MATCH', rules: [], ...partial };
}
const isCt = { tag: 'Modality', op: 'eq' as const, value: 'CT' };
const isMr = { tag: 'Modality', op: 'eq' as const, value: 'MR' };

describe('evaluateRulesets', () => {
  it('FIRST_MATCH stops at the first matching rule by priority', () => {
    const a = rule({ priority: 5, matchCriteria: [isCt] });
    const b = rule({ priority: 1, matchCriteria: [isCt] });
    const rs = ruleset({ rules: [a, b] });
    expect(evaluateRulesets([rs], file, origin).matches.map((m) => m.ruleId)).toEqual([b.id]);
  });

  it('ALL_MATCHES collects every matching rule, skipping non-matching and inactive ones', () => {
    const a = rule({ matchCriteria: [isCt] });
    const b = rule({ matchCriteria: [isMr] });
    const c = rule({ matchCriteria: [isCt], isActive: false });
    const d = rule({ priority: 2, matchCriteria: [] });
    const rs = ruleset({ executionMode: 'ALL_MATCHES', rules: [d, a, b, c] });
    const m = evaluateRulesets([rs], file, origin).matches;
    expect(m.map((x) => x.ruleId)).toEqual([a.id, d.id]);
    expect(m[0]?.destinationIds).toEqual([a.id * 10]);
  });

  it('runs rulesets by priority and skips inactive rulesets', () => {
    const late = ruleset({ priority: 10, rules: [rule({ matchCriteria: [isCt] })] });
    const early = ruleset({ priority: -1, rules: [rule({ matchCriteria: [isCt] })] });
    const off = ruleset({ isActive: false, rules: [rule({ matchCriteria: [isCt] })] });
    expect(evaluateRulesets([late, off, early], file, origin).matches.map((m) => m.rulesetId)).toEqual([
      early.id,
      late.id,
    ]);
  });

  it.each<[string[] | null, boolean]>([
    [null, true],
    [['ct-listener'], true],
    [['stow_rs', 'api_json'], false],
    [[], false],
  ])('applicable_sources %j -> %s', (sources, matched) => {
    const rs = ruleset({ rules: [rule({ applicableSources: sources, matchCriteria: [isCt] })] });
    expect(evaluateRulesets([rs], file, origin).matches.length).toBe(matched ? 1 : 0);
  });

  it.each<[unknown, boolean]>([
    [[{ parameter: 'SOURCE_IP', op: 'ip_in_subnet', value: '10.0.0.0/24' }], true],
    [[{ parameter: 'SOURCE_IP', op: 'ip_in_subnet', value: '10.0.1.0/24' }], false],
    [
      [
        { parameter: 'CALLING_AE_TITLE', op: 'eq', value: 'CT1' },
        { parameter: 'CALLED_AE_TITLE', op: 'eq', value: 'AXIOM' },
      ],
      true,
    ],
  ])('association criteria %j -> %s', (criteria, matched) => {
    const rs = ruleset({
      rules: [rule({ associationCriteria: criteria as RuleDefinition['associationCriteria'], matchCriteria: [isCt] })],
    });
    expect(evaluateRulesets([rs], file, origin).matches.length).toBe(matched ? 1 : 0);
  });

  it('returns the rule modifications for the worker to apply', () => {
    const mods = [{ action: 'set' as const, tag: 'InstitutionName', value: 'X' }];
    const rs = ruleset({ rules: [rule({ tagModifications: mods })] });
    expect(evaluateRulesets([rs], file, origin).matches[0]?.tagModifications).toBe(mods);
  });
});
