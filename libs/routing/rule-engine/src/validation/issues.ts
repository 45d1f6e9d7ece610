import { TagPathError, dictionaryVr, parseTagPath } from '@axiom/dicom-io';
import type { ValidationIssue } from '../types';

/** Collects issues with the JSON path of the offending field (`match_criteria[2].value`). */
export class IssueList {
  readonly issues: ValidationIssue[] = [];

  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isScalar(v: unknown): v is string | number {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * Checks a tag or path and returns the dictionary VR of its target when it is knowable
 * (a standard tag), 'UN' for private ones, undefined when invalid.
 */
export function checkTag(issues: IssueList, path: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    issues.add(path, 'a tag is required: a keyword, GGGG,EEEE or (GGGG,"creator",EE)');
    return undefined;
  }
  try {
    const target = parseTagPath(value).target;
    return target.kind === 'tag' ? dictionaryVr(target.tag) : 'UN';
  } catch (err) {
    issues.add(path, err instanceof TagPathError ? err.message : String(err));
    return undefined;
  }
}

export function checkOptionalBoolean(issues: IssueList, path: string, value: unknown): void {
  if (value !== undefined && value !== null && typeof value !== 'boolean') issues.add(path, 'must be true or false');
}
