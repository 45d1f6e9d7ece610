import type { Delivery } from './use-failures';

export interface FailureGroup {
  storageBackendId: number;
  name: string;
  deliveries: Delivery[];
  /** Kinds of error with their counts, most frequent first. */
  reasons: { reason: string; count: number }[];
}

/**
 * The kind of an error, without what differs per instance: file paths, quoted names and UIDs
 * (five numbers or more, so that addresses stay) become "…", so that a hundred "cannot write /out/<uid>.dcm: ENOSPC" count as one reason.
 */
export function reasonKind(error: string | null): string {
  if (error === null || error.trim() === '') return 'no error recorded';
  return error
    .replace(/'[^']*'|"[^"]*"/g, '…')
    .replace(/(?:\/[^\s:'"]+)+/g, '…')
    .replace(/\b\d+(?:\.\d+){4,}\b/g, '…');
}

/** Dead letters by destination, and within each the kinds of reason they failed for. */
export function groupFailures(deliveries: Delivery[]): FailureGroup[] {
  const groups = new Map<number, FailureGroup>();
  for (const d of deliveries) {
    const g = groups.get(d.storage_backend_id) ?? {
      storageBackendId: d.storage_backend_id,
      name: d.storage_backend_name ?? `storage backend ${d.storage_backend_id}`,
      deliveries: [],
      reasons: [],
    };
    g.deliveries.push(d);
    groups.set(d.storage_backend_id, g);
  }
  for (const g of groups.values()) {
    const counts = new Map<string, number>();
    for (const d of g.deliveries) {
      const reason = reasonKind(d.last_error);
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    g.reasons = [...counts.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  }
  return [...groups.values()].sort((a, b) => b.deliveries.length - a.deliveries.length || a.name.localeCompare(b.name));
}
