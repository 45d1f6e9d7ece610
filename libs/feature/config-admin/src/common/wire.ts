/** ISO 8601 for the wire; null stays null. */
export function iso(date: Date | null | undefined): string | null {
  return date ? new Date(date).toISOString() : null;
}

export function isoRequired(date: Date): string {
  return new Date(date).toISOString();
}

/** Copies the keys of `patch` that are not undefined (PATCH semantics: absent = unchanged). */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
