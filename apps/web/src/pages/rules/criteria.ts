// The rule editor's model of a rule: what the form edits, and the conversion to and from the
// API's JSON (docs/rules.md). The API takes criteria as plain JSON, so the shapes live here.

export const TAG_OPERATORS = [
  'eq',
  'ne',
  'gt',
  'lt',
  'ge',
  'le',
  'contains',
  'startswith',
  'endswith',
  'regex',
  'in',
  'not_in',
  'exists',
  'not_exists',
] as const;
export const ASSOCIATION_OPERATORS = [
  ...TAG_OPERATORS.filter((op) => op !== 'exists' && op !== 'not_exists'),
  'ip_eq',
  'ip_startswith',
  'ip_in_subnet',
] as const;
export const ASSOCIATION_PARAMETERS = ['CALLING_AE_TITLE', 'CALLED_AE_TITLE', 'SOURCE_IP'] as const;
export const GROUP_KINDS = ['all', 'any', 'not'] as const;

export type GroupKind = (typeof GROUP_KINDS)[number];

/** One test on an element (`tag`) or on the association (`parameter`); the value as typed. */
export interface CriterionLeaf {
  kind: 'leaf';
  key: string;
  subject: string;
  op: string;
  value: string;
  caseInsensitive: boolean;
}

/** all / any / not over its children (a `not` of several children means "not all of them"). */
export interface CriterionGroup {
  kind: GroupKind;
  key: string;
  children: CriterionNode[];
}

export type CriterionNode = CriterionLeaf | CriterionGroup;

let nextKey = 0;
export const newKey = (): string => `k${++nextKey}`;

export function newLeaf(subject = '', op = 'eq'): CriterionLeaf {
  return { kind: 'leaf', key: newKey(), subject, op, value: '', caseInsensitive: false };
}

export function newGroup(kind: GroupKind): CriterionGroup {
  return { kind, key: newKey(), children: [newLeaf()] };
}

export const takesNoValue = (op: string): boolean => op === 'exists' || op === 'not_exists';
export const takesList = (op: string): boolean => op === 'in' || op === 'not_in';

/** List values are typed comma-separated; an ip_in_subnet with commas is a list of CIDRs. */
function valueToApi(op: string, text: string): unknown {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (takesList(op)) return items;
  if (op === 'ip_in_subnet' && items.length > 1) return items;
  return text;
}

function valueFromApi(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  return String(value);
}

function leafToApi(leaf: CriterionLeaf, subjectField: 'tag' | 'parameter'): Record<string, unknown> {
  const out: Record<string, unknown> = { [subjectField]: leaf.subject.trim(), op: leaf.op };
  if (!takesNoValue(leaf.op)) out['value'] = valueToApi(leaf.op, leaf.value);
  if (leaf.caseInsensitive) out['case_insensitive'] = true;
  return out;
}

export function nodeToApi(node: CriterionNode): unknown {
  if (node.kind === 'leaf') return leafToApi(node, 'tag');
  const children = node.children.map(nodeToApi);
  if (node.kind === 'not') return { not: children.length === 1 ? children[0] : { all: children } };
  return { [node.kind]: children };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function leafFromApi(raw: Record<string, unknown>, subjectField: 'tag' | 'parameter'): CriterionLeaf {
  return {
    kind: 'leaf',
    key: newKey(),
    subject: String(raw[subjectField] ?? ''),
    op: String(raw['op'] ?? 'eq'),
    value: valueFromApi(raw['value']),
    caseInsensitive: raw['case_insensitive'] === true,
  };
}

export function nodeFromApi(raw: unknown): CriterionNode {
  if (isRecord(raw)) {
    for (const kind of ['all', 'any'] as const) {
      const list = raw[kind];
      if (Array.isArray(list)) return { kind, key: newKey(), children: list.map(nodeFromApi) };
    }
    if ('not' in raw) return { kind: 'not', key: newKey(), children: [nodeFromApi(raw['not'])] };
    return leafFromApi(raw, 'tag');
  }
  return newLeaf();
}

export const associationToApi = (leaf: CriterionLeaf): unknown => leafToApi(leaf, 'parameter');
export const associationFromApi = (raw: unknown): CriterionLeaf => leafFromApi(isRecord(raw) ? raw : {}, 'parameter');

/** The child's path in the API's error messages: `match_criteria[2].any[0]`, `...not`. */
export function childPath(parentPath: string, parent: CriterionGroup, index: number): string {
  if (parent.kind === 'not')
    return parent.children.length === 1 ? `${parentPath}.not` : `${parentPath}.not.all[${index}]`;
  return `${parentPath}.${parent.kind}[${index}]`;
}

/** The server's messages for one field and everything under it (`path`, `path.x`, `path[0]`). */
export function messagesUnder(errors: Record<string, string>, path: string, exact = false): string[] {
  return Object.entries(errors)
    .filter(([p]) => p === path || (!exact && (p.startsWith(`${path}.`) || p.startsWith(`${path}[`))))
    .map(([, m]) => m);
}
