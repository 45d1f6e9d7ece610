import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { unwrap } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { useApi } from '../../auth/AuthProvider';
import { ConfigListPage, type Column, type ConfigResource } from '../../components/ConfigListPage';
import { toBody } from '../../components/form/fields';
import { StateBadge } from '../../components/StateBadge';
import { qrSourceDefaults, qrSourceFields } from './qr-source-fields';

type Source = Schemas['DimseQrSourceDto'];

export function useQrSourceResource(): ConfigResource<Source> {
  const api = useApi();
  return {
    noun: 'Q/R source',
    queryKey: ['dimse-qr-sources'],
    list: () => unwrap(api.GET('/api/v1/config/dimse-qr-sources')),
    create: (v) =>
      unwrap(
        api.POST('/api/v1/config/dimse-qr-sources', {
          body: toBody(qrSourceFields, v, false) as Schemas['CreateDimseQrSourceDto'],
        }),
      ),
    update: (id, v) =>
      unwrap(
        api.PATCH('/api/v1/config/dimse-qr-sources/{id}', {
          params: { path: { id } },
          body: toBody(qrSourceFields, v, true),
        }),
      ),
    setEnabled: (id, enabled) =>
      unwrap(
        api.PATCH('/api/v1/config/dimse-qr-sources/{id}', { params: { path: { id } }, body: { is_enabled: enabled } }),
      ),
    remove: (id) => unwrap(api.DELETE('/api/v1/config/dimse-qr-sources/{id}', { params: { path: { id } } })),
    specs: qrSourceFields,
    defaults: qrSourceDefaults,
  };
}

const columns: Column<Source>[] = [
  {
    header: 'Peer',
    cell: (s) => <Text size="sm" ff="monospace">{`${s.remote_ae_title}@${s.remote_host}:${s.remote_port}`}</Text>,
    wide: true,
  },
  { header: 'Level', cell: (s) => s.query_level, wide: true },
  {
    header: 'Last query',
    cell: (s) =>
      s.last_error_message ? (
        <StateBadge state="error" detail={s.last_error_message} />
      ) : (
        <Text size="sm">{s.last_successful_query ? new Date(s.last_successful_query).toLocaleString() : 'never'}</Text>
      ),
  },
  {
    header: 'Found / queued / processed',
    cell: (s) => `${s.found_study_count} / ${s.move_queued_study_count} / ${s.processed_instance_count}`,
    wide: true,
  },
  {
    header: 'Next poll',
    cell: (s) => (
      <Text size="sm">
        {!s.is_enabled || !s.is_active ? 'paused' : s.next_run_at ? new Date(s.next_run_at).toLocaleString() : 'now'}
      </Text>
    ),
  },
];

export function QrSourcesPage(): ReactNode {
  return (
    <ConfigListPage
      title="DIMSE Q/R sources"
      resource={useQrSourceResource()}
      columns={columns}
      description="PACS queried with C-FIND on a schedule; matching studies are pulled with C-MOVE to one of our listeners."
      emptyMessage="No Q/R sources yet. Add one to pull studies from a PACS."
    />
  );
}
