import { keepPreviousData, useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthProvider';
import { unwrap } from '../../api/errors';
import type { ApiPaths, Schemas } from '../../api/types';

export type Instance = Schemas['InstanceDto'];
export type InstanceHistory = Schemas['InstanceHistoryDto'];
export type InstanceQuery = NonNullable<ApiPaths['/api/v1/instances']['get']['parameters']['query']>;

export const PAGE_SIZE = 50;

export function useInstances(query: InstanceQuery): UseQueryResult<Instance[]> {
  const api = useApi();
  return useQuery({
    queryKey: ['instances', query],
    queryFn: () => unwrap(api.GET('/api/v1/instances', { params: { query: { ...query, limit: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
}

/** The trace of one instance; refreshed while deliveries are still under way. */
export function useInstanceHistory(id: number | null): UseQueryResult<InstanceHistory> {
  const api = useApi();
  return useQuery({
    queryKey: ['instance', id],
    queryFn: () => unwrap(api.GET('/api/v1/instances/{id}', { params: { path: { id: id ?? 0 } } })),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && ['received', 'routed'].includes(q.state.data.state) ? 2_000 : false),
  });
}

export function useRetryInstance(id: number) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/instances/{id}/retry', { params: { path: { id } } })),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['instance', id] }),
        client.invalidateQueries({ queryKey: ['deliveries'] }),
      ]),
  });
}
