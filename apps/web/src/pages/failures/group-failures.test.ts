import { describe, expect, it } from 'vitest';
import { groupFailures, reasonKind } from './group-failures';
import type { Delivery } from './use-failures';

function failed(id: number, backend: number, name: string | null, lastError: string | null): Delivery {
  return {
    id,
    instance_id: id,
    storage_backend_id: backend,
    storage_backend_name: name,
    rule_id: null,
    status: 'failed',
    attempts: 8,
    last_error: lastError,
    error_class: 'peer_status',
    next_attempt_at: null,
    delivered_at: null,
    detail: null,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  };
}

describe('failures by destination and reason', () => {
  it('counts errors that differ only in path or UID as one reason', () => {
    expect(
      reasonKind("cannot write /out/1.2.3.4.5/1.2.3.4.6.dcm: ENOTDIR: not a directory, mkdir '/out/1.2.3.4.5'"),
    ).toBe('cannot write …: ENOTDIR: not a directory, mkdir …');
    expect(reasonKind('association rejected by PACS@10.0.0.5:104')).toBe('association rejected by PACS@10.0.0.5:104');
    expect(reasonKind(null)).toBe('no error recorded');
  });

  it('groups by destination, largest first, with reasons most frequent first', () => {
    const groups = groupFailures([
      failed(1, 7, 'pacs', 'ECONNREFUSED 10.0.0.5:104'),
      failed(2, 3, 'archive', 'cannot write /a/1.2.3.4.1.dcm: ENOSPC'),
      failed(3, 3, 'archive', 'cannot write /a/1.2.3.4.2.dcm: ENOSPC'),
      failed(4, 3, 'archive', 'timeout'),
      failed(5, 9, null, null),
    ]);
    expect(groups.map((g) => [g.name, g.deliveries.map((d) => d.id)])).toEqual([
      ['archive', [2, 3, 4]],
      ['pacs', [1]],
      ['storage backend 9', [5]],
    ]);
    expect(groups[0]?.reasons).toEqual([
      { reason: 'cannot write …: ENOSPC', count: 2 },
      { reason: 'timeout', count: 1 },
    ]);
  });
});
