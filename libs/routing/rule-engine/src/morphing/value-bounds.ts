/**
 * Bounds of a morphed value, checked before the string is built: a rule such as an empty
 * pattern with a long replacement, applied twice, would otherwise grow a value quadratically
 * until V8 runs out of heap and the worker dies on every restart.
 */

/** The overall cap of one element value (all its values joined), in characters. */
export const MAX_MORPHED_VALUE_CHARS = 1024 * 1024;

/** PS3.5 Table 6.2-1: maximum length of the VRs that hold a single value, in characters. */
const SINGLE_VALUE_MAX: Record<string, number> = { LT: 10240, ST: 1024, UT: 2 ** 32 - 2, UR: 2 ** 32 - 2 };

/** Thrown by a morph that would build a value past its bound; the action is skipped with a warning. */
export class ValueBoundError extends Error {
  constructor(
    readonly limit: number,
    what: string,
  ) {
    super(`${what} would be longer than ${limit} characters`);
    this.name = 'ValueBoundError';
  }
}

/**
 * The most characters the whole (backslash-joined) text of an element of this VR may have. VRs
 * of many values get the overall cap here; the length of each of their values is checked by
 * the encoder when the element is written.
 */
export function maxValueChars(vr: string): number {
  const single = SINGLE_VALUE_MAX[vr];
  if (single !== undefined) return Math.min(single, MAX_MORPHED_VALUE_CHARS);
  return MAX_MORPHED_VALUE_CHARS;
}
