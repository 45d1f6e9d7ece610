import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DeliveryError } from './destination';

/** PS3.5 9.1: components of digits, none empty, no leading zero unless the component is `0`. */
const UID_GRAMMAR = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;
const UID_MAX_LENGTH = 64;

export function isDicomUid(value: string): boolean {
  return value.length <= UID_MAX_LENGTH && UID_GRAMMAR.test(value);
}

/**
 * A UID as a file or folder name. A missing UID is filed under `unknown`. Anything that is not a
 * UID (`.`, `..`, slashes, a sender's free text) is filed under `invalid-<first 16 hex digits of
 * its SHA-256>`: the name cannot leave the folder or hide itself, and objects carrying the same
 * bad value still land together.
 */
export function uidPathSegment(uid: string | null | undefined): string {
  if (uid === null || uid === undefined || uid.trim() === '') return 'unknown';
  const trimmed = uid.trim();
  if (isDicomUid(trimmed)) return trimmed;
  return `invalid-${createHash('sha256').update(uid).digest('hex').slice(0, 16)}`;
}

/** `root/...segments` after path.resolve, refused (permanently) unless it stays strictly under root. */
export function resolveInside(root: string, ...segments: string[]): string {
  const base = resolve(root);
  const target = resolve(base, ...segments);
  const rel = relative(base, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new DeliveryError(`refusing to write ${target}: it is not inside the destination folder ${base}`, true);
  }
  return target;
}
