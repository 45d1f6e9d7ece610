import { checkValues, isKnownVr, isSettableVr, parseTagPath } from '@axiom/dicom-io';
import { ModifyAction } from '@axiom/domain';
import { MAX_REPLACEMENT_CHARS, regexError } from '../regex';
import { valuesOf } from '../morphing/basic-actions';
import { IssueList, checkOptionalBoolean, checkTag, isRecord, isScalar } from './issues';

const ACTIONS = new Set<string>(Object.values(ModifyAction));

/** A tag a modification may write: not the file meta group (it follows the data set by itself). */
function checkWritableTag(issues: IssueList, path: string, value: unknown): string | undefined {
  const vr = checkTag(issues, path, value);
  if (vr === undefined) return undefined;
  const first = parseTagPath(String(value)).segments[0]?.ref;
  if (first?.kind === 'tag' && first.tag >>> 16 === 0x0002) {
    issues.add(path, 'file meta elements (group 0002) cannot be modified: they follow the data set');
    return undefined;
  }
  return vr;
}

function checkVr(issues: IssueList, path: string, vr: unknown): string | undefined {
  if (vr === undefined || vr === null) return undefined;
  if (typeof vr !== 'string' || !isKnownVr(vr.toUpperCase())) {
    issues.add(path, `unknown VR "${String(vr)}"`);
    return undefined;
  }
  if (!isSettableVr(vr.toUpperCase())) issues.add(path, `VR ${vr} cannot be written from a rule value`);
  return vr.toUpperCase();
}

/** The longest text a rule may add to a value (prepend, suffix, set): far above any real use. */
export const MAX_RULE_VALUE_CHARS = 64 * 1024;

function checkString(
  issues: IssueList,
  path: string,
  value: unknown,
  what: string,
  maxChars = MAX_RULE_VALUE_CHARS,
): boolean {
  if (isScalar(value)) {
    if (String(value).length <= maxChars) return true;
    issues.add(path, `${what} is longer than ${maxChars} characters`);
    return false;
  }
  issues.add(
    path,
    Array.isArray(value) ? `${what} must be a single string, not a list` : `${what} is required (a string)`,
  );
  return false;
}

function checkSetValue(issues: IssueList, path: string, value: unknown, vr: string | undefined): void {
  if (value !== null && value !== undefined && !isScalar(value) && !(Array.isArray(value) && value.every(isScalar))) {
    issues.add(path, 'the value must be a string, a number or a list of them');
    return;
  }
  if (value === undefined) issues.add(path, 'set needs a value (use "" for an empty element)');
  const length = Array.isArray(value)
    ? value.reduce((n: number, v) => n + String(v).length + 1, 0)
    : String(value ?? '').length;
  if (length > MAX_RULE_VALUE_CHARS)
    return issues.add(path, `the value is longer than ${MAX_RULE_VALUE_CHARS} characters`);
  if (!vr || vr === 'UN' || !isSettableVr(vr)) return;
  const problem = checkValues(vr, valuesOf(value, vr));
  if (problem) issues.add(path, problem);
}

function checkPositiveInt(issues: IssueList, path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 36500)
    issues.add(path, 'must be a whole number of days between 1 and 36500');
}

export function validateModifications(issues: IssueList, path: string, input: unknown): void {
  if (input === undefined || input === null) return;
  if (!Array.isArray(input)) return issues.add(path, 'must be a list of modifications');
  input.forEach((m, i) => validateModification(issues, `${path}[${i}]`, m));
}

function validateModification(issues: IssueList, p: string, m: unknown): void {
  if (!isRecord(m)) return issues.add(p, 'a modification must be an object with an "action"');
  const action = m.action;
  if (typeof action !== 'string' || !ACTIONS.has(action))
    return issues.add(`${p}.action`, `unknown action "${String(action)}"`);
  switch (action as ModifyAction) {
    case ModifyAction.Set: {
      const dictVr = checkWritableTag(issues, `${p}.tag`, m.tag);
      const vr = checkVr(issues, `${p}.vr`, m.vr) ?? dictVr;
      return checkSetValue(issues, `${p}.value`, m.value, vr);
    }
    case ModifyAction.Delete:
      checkWritableTag(issues, `${p}.tag`, m.tag);
      return;
    case ModifyAction.Prepend:
    case ModifyAction.Suffix:
      checkWritableTag(issues, `${p}.tag`, m.tag);
      checkString(issues, `${p}.value`, m.value, 'value');
      return;
    case ModifyAction.RegexReplace: {
      checkWritableTag(issues, `${p}.tag`, m.tag);
      if (checkString(issues, `${p}.pattern`, m.pattern, 'pattern')) {
        const problem = regexError(String(m.pattern));
        if (problem) issues.add(`${p}.pattern`, problem);
      }
      if (m.replacement !== '' && m.replacement !== undefined)
        checkString(issues, `${p}.replacement`, m.replacement, 'replacement', MAX_REPLACEMENT_CHARS);
      return;
    }
    case ModifyAction.Copy:
    case ModifyAction.Move:
      checkWritableTag(issues, `${p}.source_tag`, m.source_tag);
      checkWritableTag(issues, `${p}.destination_tag`, m.destination_tag);
      checkVr(issues, `${p}.destination_vr`, m.destination_vr);
      return;
    case ModifyAction.HashUid: {
      const vr = checkWritableTag(issues, `${p}.tag`, m.tag);
      if (vr && vr !== 'UN' && vr !== 'UI')
        issues.add(`${p}.tag`, `hash_uid needs a UID (UI) element; this one is ${vr}`);
      return;
    }
    case ModifyAction.ShiftDate: {
      const vr = checkWritableTag(issues, `${p}.tag`, m.tag);
      if (vr && vr !== 'UN' && vr !== 'DA' && vr !== 'DT')
        issues.add(`${p}.tag`, `shift_date needs a DA or DT element; this one is ${vr}`);
      checkPositiveInt(issues, `${p}.max_days`, m.max_days);
      return;
    }
    case ModifyAction.Deidentify:
      checkOptionalBoolean(issues, `${p}.retain_uids`, m.retain_uids);
      checkOptionalBoolean(issues, `${p}.retain_longitudinal_modified_dates`, m.retain_longitudinal_modified_dates);
      checkPositiveInt(issues, `${p}.max_days`, m.max_days);
      return;
  }
}
