import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthProvider';
import { unwrap } from '../../api/errors';
import type { Schemas } from '../../api/types';

export type Delivery = Schemas['DeliveryDto'];
export type ErrorClass = Schemas['DeliveryErrorClass'];

/** Why a delivery failed, as the console names each class. */
export const ERROR_CLASS_LABELS: Record<ErrorClass, string> = {
  connection_refused: 'Connection refused',
  timeout: 'Timed out',
  unreachable: 'Unreachable',
  transfer_syntax_refused: 'Transfer syntax refused',
  peer_status: 'Refused by the peer',
  permanent: 'Permanent',
  io: 'Local I/O',
  other: 'Other',
};

/** The most dead letters one page shows; a larger backlog is retried per destination. */
export const FAILURE_LIMIT = 1000;

/** The dead letters, newest first, of one destination and one error class when given. */
export function useFailedDeliveries(
  storageBackendId: number | null,
  errorClass: ErrorClass | null = null,
): UseQueryResult<Delivery[]> {
  const api = useApi();
  return useQuery({
    queryKey: ['deliveries', 'failed', storageBackendId, errorClass],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/deliveries', {
          params: {
            query: {
              status: 'failed',
              limit: FAILURE_LIMIT,
              ...(storageBackendId === null ? {} : { storage_backend_id: storageBackendId }),
              ...(errorClass === null ? {} : { error_class: errorClass }),
            },
          },
        }),
      ),
    refetchInterval: 10_000,
  });
}

export function useRetry() {
  const api = useApi();
  const client = useQueryClient();
  const onSuccess = (): Promise<void> => client.invalidateQueries({ queryKey: ['deliveries'] });
  return {
    one: useMutation({
      mutationFn: (id: number) => unwrap(api.POST('/api/v1/deliveries/{id}/retry', { params: { path: { id } } })),
      onSuccess,
    }),
    many: useMutation({
      mutationFn: (body: { delivery_ids?: number[]; storage_backend_id?: number }) =>
        unwrap(api.POST('/api/v1/deliveries/retry', { body })),
      onSuccess,
    }),
  };
}
