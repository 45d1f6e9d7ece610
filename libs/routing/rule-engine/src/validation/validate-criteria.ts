import { MatchOperator } from '@axiom/domain';
import { regexError } from '../regex';
import { parseIp, parseSubnet } from '../matching/ip-address';
import { dateTimeKey, parseNumber, timeKey, vrFamily } from '../matching/value-semantics';
import { IssueList, checkOptionalBoolean, checkTag, isRecord, isScalar } from './issues';

const ALL_OPS = new Set<string>(Object.values(MatchOperator));
const IP_OPS = new Set(['ip_eq', 'ip_startswith', 'ip_in_subnet']);
const LIST_OPS = new Set(['in', 'not_in']);
const NO_VALUE_OPS = new Set(['exists', 'not_exists']);
const ORDER_OPS = new Set(['gt', 'lt', 'ge', 'le']);
const PARAMETERS = new Set(['SOURCE_IP', 'CALLING_AE_TITLE', 'CALLED_AE_TITLE']);
const MAX_DEPTH = 16;

function checkOpValue(issues: IssueList, path: string, op: string, value: unknown): boolean {
  if (NO_VALUE_OPS.has(op)) return true;
  if (LIST_OPS.has(op)) {
    if (!Array.isArray(value)) {
      issues.add(`${path}.value`, `${op} needs a list of values`);
      return false;
    }
    const bad = value.findIndex((v) => !isScalar(v));
    if (bad >= 0) issues.add(`${path}.value[${bad}]`, 'each value must be a string or a number');
    return bad < 0;
  }
  if (Array.isArray(value) && !(op === 'ip_in_subnet')) {
    issues.add(`${path}.value`, `${op} needs a single value, not a list`);
    return false;
  }
  if (!isScalar(value) && !(op === 'ip_in_subnet' && Array.isArray(value))) {
    issues.add(
      `${path}.value`,
      value === undefined || value === null ? `${op} needs a value` : 'the value must be a string or a number',
    );
    return false;
  }
  if (op === 'regex') {
    const problem = regexError(String(value));
    if (problem) issues.add(`${path}.value`, problem);
  }
  return true;
}

function checkOrderValue(issues: IssueList, path: string, vr: string, value: unknown): void {
  const text = String(value);
  switch (vrFamily(vr)) {
    case 'numeric':
      if (parseNumber(text) === undefined)
        issues.add(`${path}.value`, `"${text}" is not a number (the element has VR ${vr})`);
      break;
    case 'datetime':
      if (dateTimeKey(text) === undefined)
        issues.add(`${path}.value`, `"${text}" is not a date/date-time YYYYMMDD[HHMMSS] (VR ${vr})`);
      break;
    case 'time':
      if (timeKey(text) === undefined) issues.add(`${path}.value`, `"${text}" is not a time HHMM[SS] (VR ${vr})`);
      break;
    case 'text':
      break;
  }
}

export function validateMatchCriteria(issues: IssueList, path: string, input: unknown, depth = 0): void {
  if (input === undefined || input === null) return;
  if (!Array.isArray(input)) return issues.add(path, 'must be a list of criteria');
  input.forEach((c, i) => validateCriterion(issues, `${path}[${i}]`, c, depth));
}

function validateCriterion(issues: IssueList, path: string, c: unknown, depth: number): void {
  if (!isRecord(c))
    return issues.add(
      path,
      'a criterion must be an object {"tag","op","value"} or {"all"|"any": [...]} or {"not": {...}}',
    );
  if (depth > MAX_DEPTH) return issues.add(path, `criteria nested deeper than ${MAX_DEPTH}`);
  for (const key of ['all', 'any'] as const) {
    if (key in c) {
      if (!Array.isArray(c[key]) || (c[key] as unknown[]).length === 0)
        return issues.add(`${path}.${key}`, 'must be a non-empty list of criteria');
      return validateMatchCriteria(issues, `${path}.${key}`, c[key], depth + 1);
    }
  }
  if ('not' in c) return validateCriterion(issues, `${path}.not`, c.not, depth + 1);
  const vr = checkTag(issues, `${path}.tag`, c.tag);
  const op = c.op;
  if (typeof op !== 'string' || !ALL_OPS.has(op)) return issues.add(`${path}.op`, `unknown operator "${String(op)}"`);
  if (IP_OPS.has(op))
    return issues.add(`${path}.op`, `${op} applies to the SOURCE_IP association parameter, not to a DICOM tag`);
  checkOptionalBoolean(issues, `${path}.case_insensitive`, c.case_insensitive);
  if (checkOpValue(issues, path, op, c.value) && ORDER_OPS.has(op) && vr) checkOrderValue(issues, path, vr, c.value);
}

export function validateAssociationCriteria(issues: IssueList, path: string, input: unknown): void {
  if (input === undefined || input === null) return;
  if (!Array.isArray(input)) return issues.add(path, 'must be a list of criteria');
  input.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!isRecord(c)) return issues.add(p, 'a criterion must be an object {"parameter","op","value"}');
    const parameter = c.parameter;
    if (typeof parameter !== 'string' || !PARAMETERS.has(parameter)) {
      return issues.add(
        `${p}.parameter`,
        `unknown parameter "${String(parameter)}": use SOURCE_IP, CALLING_AE_TITLE or CALLED_AE_TITLE`,
      );
    }
    const op = c.op;
    if (typeof op !== 'string' || !ALL_OPS.has(op)) return issues.add(`${p}.op`, `unknown operator "${String(op)}"`);
    if (IP_OPS.has(op) && parameter !== 'SOURCE_IP')
      return issues.add(`${p}.op`, `${op} applies to SOURCE_IP only, not to ${parameter}`);
    if (ORDER_OPS.has(op)) return issues.add(`${p}.op`, `${op} does not apply to association parameters`);
    checkOptionalBoolean(issues, `${p}.case_insensitive`, c.case_insensitive);
    if (!checkOpValue(issues, p, op, c.value)) return;
    if (op === 'ip_eq' && parseIp(String(c.value)) === undefined)
      issues.add(`${p}.value`, `"${String(c.value)}" is not an IPv4 or IPv6 address`);
    if (op === 'ip_in_subnet') {
      const list = Array.isArray(c.value) ? c.value : [c.value];
      list.forEach((v, j) => {
        if (parseSubnet(String(v)) === undefined)
          issues.add(
            Array.isArray(c.value) ? `${p}.value[${j}]` : `${p}.value`,
            `"${String(v)}" is not a CIDR subnet such as 10.0.0.0/8 or 2001:db8::/32`,
          );
      });
    }
  });
}
