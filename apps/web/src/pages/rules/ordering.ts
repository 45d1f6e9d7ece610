// Rulesets and rules run in priority order; the page shows them so and reorders them by moving one row.

/** The rows by priority, lower first; ties by id (creation order). */
export function byPriority<T extends { priority: number; id: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.priority - b.priority || a.id - b.id);
}

/** The rows with the one at `index` moved up (-1) or down (1). */
export function moved<T>(rows: T[], index: number, by: -1 | 1): T[] {
  const next = [...rows];
  const [row] = next.splice(index, 1);
  if (row !== undefined) next.splice(index + by, 0, row);
  return next;
}
