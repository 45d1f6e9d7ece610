import { Badge, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { unwrap } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { useApi } from '../../auth/AuthProvider';
import { ConfigListPage, type Column, type ConfigResource } from '../../components/ConfigListPage';
import { toBody } from '../../components/form/fields';
import { StateBadge } from '../../components/StateBadge';
import { listenerDefaults, listenerFields } from './listener-fields';

type Listener = Schemas['DimseListenerDto'];

export function useListenerResource(): ConfigResource<Listener> {
  const api = useApi();
  return {
    noun: 'listener',
    queryKey: ['dimse-listeners'],
    list: () => unwrap(api.GET('/api/v1/config/dimse-listeners')),
    create: (v) =>
      unwrap(
        api.POST('/api/v1/config/dimse-listeners', {
          body: toBody(listenerFields, v, false) as Schemas['CreateDimseListenerDto'],
        }),
      ),
    update: (id, v) =>
      unwrap(
        api.PATCH('/api/v1/config/dimse-listeners/{id}', {
          params: { path: { id } },
          body: toBody(listenerFields, v, true),
        }),
      ),
    setEnabled: (id, enabled) =>
      unwrap(
        api.PATCH('/api/v1/config/dimse-listeners/{id}', { params: { path: { id } }, body: { is_enabled: enabled } }),
      ),
    remove: (id) => unwrap(api.DELETE('/api/v1/config/dimse-listeners/{id}', { params: { path: { id } } })),
    specs: listenerFields,
    defaults: listenerDefaults,
  };
}

export function ListenersPage(): ReactNode {
  const api = useApi();
  // the live state next to the configuration (listening, error...), refreshed
  const status = useQuery({
    queryKey: ['listener-status'],
    queryFn: () => unwrap(api.GET('/api/v1/system/dimse-listeners/status')),
    refetchInterval: 10_000,
  });
  const stateOf = (id: number): Schemas['ListenerStatusDto'] | undefined => status.data?.find((s) => s.id === id);
  const columns: Column<Listener>[] = [
    {
      header: 'AE title',
      cell: (l) => (
        <Text size="sm" ff="monospace">
          {l.ae_title}
        </Text>
      ),
    },
    { header: 'Port', cell: (l) => l.port },
    {
      header: 'Process',
      cell: (l) => (
        <Badge variant="outline" color="gray">
          {l.instance_id}
        </Badge>
      ),
      wide: true,
    },
    {
      header: 'State',
      cell: (l) => <StateBadge state={stateOf(l.id)?.state ?? 'unknown'} detail={stateOf(l.id)?.last_error ?? null} />,
    },
  ];
  return (
    <ConfigListPage
      title="DIMSE listeners"
      resource={useListenerResource()}
      columns={columns}
      description="C-STORE SCPs that receive instances: an AE title on a port, in a listener process."
      emptyMessage="No listeners yet. Add one so that modalities and PACS can send to Axiom Flow."
    />
  );
}
