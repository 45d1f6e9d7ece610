import { Badge, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { unwrap } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { useApi } from '../../auth/AuthProvider';
import { ConfigListPage, type Column, type ConfigResource } from '../../components/ConfigListPage';
import type { FormValues } from '../../components/form/fields';
import {
  BACKEND_TYPES,
  storageBackendBody,
  storageBackendDefaults,
  storageBackendFields,
  storageBackendSecrets,
  storageBackendValues,
} from './storage-backend-fields';

type Backend = Schemas['StorageBackendDto'];
type CreateBody = Schemas['CreateStorageBackendDto'];
type UpdateBody = Schemas['UpdateStorageBackendDto'];

/** Where a backend sends instances, in one line. */
export function deliversTo(b: Backend): string {
  switch (b.backend_type) {
    case 'filesystem':
      return b.path ?? '';
    case 'cstore':
      return `${b.remote_ae_title ?? ''}@${b.remote_host ?? ''}:${b.remote_port ?? ''}`;
    case 'stow_rs':
      return b.base_url ?? '';
    case 'gcs':
      return `gs://${b.bucket ?? ''}/${b.prefix ?? ''}`;
    case 'google_healthcare':
      return `${b.gcp_project_id ?? ''}/${b.gcp_location ?? ''}/${b.gcp_dataset_id ?? ''}/${b.gcp_dicom_store_id ?? ''}`;
  }
}

const columns: Column<Backend>[] = [
  {
    header: 'Type',
    cell: (b) => (
      <Badge variant="light" title={BACKEND_TYPES.find((t) => t.value === b.backend_type)?.label}>
        {b.backend_type.replace('_', ' ')}
      </Badge>
    ),
  },
  {
    header: 'Delivers to',
    cell: (b) => (
      <Text size="sm" ff="monospace" truncate maw={320}>
        {deliversTo(b)}
      </Text>
    ),
    wide: true,
  },
];

export function useStorageBackendResource(): ConfigResource<Backend> {
  const api = useApi();
  return {
    noun: 'storage backend',
    queryKey: ['storage-backends'],
    list: () => unwrap(api.GET('/api/v1/config/storage-backends')),
    create: (v: FormValues) =>
      unwrap(api.POST('/api/v1/config/storage-backends', { body: storageBackendBody(v, false) as CreateBody })),
    update: (id, v) =>
      unwrap(
        api.PATCH('/api/v1/config/storage-backends/{id}', {
          params: { path: { id } },
          body: storageBackendBody(v, true) as UpdateBody,
        }),
      ),
    setEnabled: (id, enabled) =>
      unwrap(
        api.PATCH('/api/v1/config/storage-backends/{id}', { params: { path: { id } }, body: { is_enabled: enabled } }),
      ),
    remove: (id) => unwrap(api.DELETE('/api/v1/config/storage-backends/{id}', { params: { path: { id } } })),
    specs: storageBackendFields,
    defaults: storageBackendDefaults,
    secretsSetOf: storageBackendSecrets,
    valuesOf: storageBackendValues,
  };
}

export function StorageBackendsPage(): ReactNode {
  return (
    <ConfigListPage
      title="Storage backends"
      resource={useStorageBackendResource()}
      columns={columns}
      description="Where routed instances are delivered: a directory, a PACS over C-STORE, a DICOMweb server, or Google Cloud."
      emptyMessage="No storage backends yet. Add one, then point a rule at it."
    />
  );
}
