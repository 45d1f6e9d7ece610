import type { FieldError } from '@axiom/contracts';

export type FlatValue = string | number | boolean;

/**
 * Query parameters are flat: each value a string, number or boolean (a nested object or array has
 * no meaning in a QIDO-RS URL and would be sent as "[object Object]"). Values are stored as the
 * strings they become in the query.
 */
export function flatFilters(
  filters: Record<string, unknown> | null | undefined,
  path: string,
): { errors: FieldError[]; value: Record<string, string> | null } {
  if (filters === null || filters === undefined) return { errors: [], value: null };
  const errors: FieldError[] = [];
  const value: Record<string, string> = {};
  for (const [key, v] of Object.entries(filters)) {
    if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean')
      value[key] = String(v);
    else errors.push({ path: `${path}.${key}`, message: 'must be a string, number or boolean' });
  }
  return { errors, value };
}
