import type { Schemas } from '../../api/types';
import { toBody, type FieldSpec, type FormValues } from '../../components/form/fields';
import { AUTH_TYPES } from '../storage-backends/storage-backend-fields';

type AuthType = NonNullable<Schemas['CreateDicomwebSourceDto']['auth_type']>;
type Name = keyof Schemas['CreateDicomwebSourceDto'] | `auth_config.${string}`;
const authIs =
  (auth: AuthType) =>
  (v: FormValues): boolean =>
    v['auth_type'] === auth;

export const dicomwebSourceFields: FieldSpec<Name>[] = [
  {
    name: 'name',
    label: 'Name',
    kind: 'text',
    required: true,
    placeholder: 'remote-archive',
    description: 'rules name their sources by this',
  },
  {
    name: 'base_url',
    label: 'DICOMweb base URL',
    kind: 'text',
    required: true,
    placeholder: 'https://archive.example.org/dicom-web',
  },
  { name: 'qido_prefix', label: 'QIDO-RS prefix', kind: 'text' },
  { name: 'wado_prefix', label: 'WADO-RS prefix', kind: 'text' },
  { name: 'auth_type', label: 'Authentication', kind: 'select', options: AUTH_TYPES },
  {
    name: 'auth_config.username',
    label: 'User name',
    kind: 'secret',
    plain: true,
    required: true,
    when: authIs('basic'),
    setFlag: 'auth_config_set',
  },
  {
    name: 'auth_config.password',
    label: 'Password',
    kind: 'secret',
    required: true,
    when: authIs('basic'),
    setFlag: 'auth_config_set',
  },
  {
    name: 'auth_config.token',
    label: 'Token',
    kind: 'secret',
    required: true,
    when: authIs('bearer'),
    setFlag: 'auth_config_set',
  },
  {
    name: 'auth_config.header_name',
    label: 'Header name',
    kind: 'secret',
    plain: true,
    required: true,
    when: authIs('apikey'),
    setFlag: 'auth_config_set',
  },
  {
    name: 'auth_config.key',
    label: 'Key',
    kind: 'secret',
    required: true,
    when: authIs('apikey'),
    setFlag: 'auth_config_set',
  },
  { name: 'polling_interval_seconds', label: 'Poll every (seconds)', kind: 'number', min: 1 },
  {
    name: 'max_concurrent_retrievals',
    label: 'Retrievals at once',
    kind: 'number',
    min: 1,
    description: 'politeness: WADO-RS requests in flight to this archive (1-32)',
  },
  {
    name: 'search_filters',
    label: 'QIDO-RS filters (JSON)',
    kind: 'json',
    nullable: true,
    placeholder: '{ "ModalitiesInStudy": "CT" }',
  },
  { name: 'description', label: 'Description', kind: 'textarea', nullable: true },
  {
    name: 'is_active',
    label: 'Polling on',
    kind: 'switch',
    description: 'off: configured and enabled, but not polled automatically',
  },
  { name: 'is_enabled', label: 'Enabled', kind: 'switch' },
];

export const dicomwebSourceDefaults: FormValues = {
  auth_type: 'none',
  qido_prefix: 'qido-rs',
  wado_prefix: 'wado-rs',
  polling_interval_seconds: '300',
  max_concurrent_retrievals: '2',
  is_active: true,
  is_enabled: true,
};

export function dicomwebSourceBody(values: FormValues, editing: boolean): Record<string, unknown> {
  const body = toBody(dicomwebSourceFields, values, editing);
  if (values['auth_type'] === 'none') body['auth_config'] = null;
  return body;
}
