import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { unwrap } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { useApi } from '../../auth/AuthProvider';
import { ConfigListPage, type Column, type ConfigResource } from '../../components/ConfigListPage';
import { StateBadge } from '../../components/StateBadge';
import { dicomwebSourceBody, dicomwebSourceDefaults, dicomwebSourceFields } from './dicomweb-source-fields';

type Source = Schemas['DicomwebSourceDto'];

export function useDicomwebSourceResource(): ConfigResource<Source> {
  const api = useApi();
  return {
    noun: 'DICOMweb source',
    queryKey: ['dicomweb-sources'],
    list: () => unwrap(api.GET('/api/v1/config/dicomweb-sources')),
    create: (v) =>
      unwrap(
        api.POST('/api/v1/config/dicomweb-sources', {
          body: dicomwebSourceBody(v, false) as Schemas['CreateDicomwebSourceDto'],
        }),
      ),
    update: (id, v) =>
      unwrap(
        api.PATCH('/api/v1/config/dicomweb-sources/{id}', {
          params: { path: { id } },
          body: dicomwebSourceBody(v, true),
        }),
      ),
    setEnabled: (id, enabled) =>
      unwrap(
        api.PATCH('/api/v1/config/dicomweb-sources/{id}', { params: { path: { id } }, body: { is_enabled: enabled } }),
      ),
    remove: (id) => unwrap(api.DELETE('/api/v1/config/dicomweb-sources/{id}', { params: { path: { id } } })),
    specs: dicomwebSourceFields,
    defaults: dicomwebSourceDefaults,
    secretsSetOf: (s) => ({ auth_config_set: s.auth_config_set }),
  };
}

const columns: Column<Source>[] = [
  {
    header: 'Base URL',
    cell: (s) => (
      <Text size="sm" ff="monospace" truncate maw={280}>
        {s.base_url}
      </Text>
    ),
    wide: true,
  },
  {
    header: 'Last poll',
    cell: (s) =>
      s.last_error_message ? (
        <StateBadge state="error" detail={s.last_error_message} />
      ) : (
        <Text size="sm">{s.last_successful_run ? new Date(s.last_successful_run).toLocaleString() : 'never'}</Text>
      ),
  },
  {
    header: 'Found / queued / processed',
    cell: (s) => `${s.found_instance_count} / ${s.queued_instance_count} / ${s.processed_instance_count}`,
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

export function DicomwebSourcesPage(): ReactNode {
  return (
    <ConfigListPage
      title="DICOMweb sources"
      resource={useDicomwebSourceResource()}
      columns={columns}
      description="Archives polled with QIDO-RS; new instances are fetched with WADO-RS and routed."
      emptyMessage="No DICOMweb sources yet. Add one to pull studies from a DICOMweb archive."
    />
  );
}
