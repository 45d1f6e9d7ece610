import type { Schemas } from '../../api/types';
import type { FieldSpec, FormValues } from '../../components/form/fields';
import { toBody } from '../../components/form/fields';

type BackendType = Schemas['CreateStorageBackendDto']['backend_type'];
type AuthType = NonNullable<Schemas['CreateStorageBackendDto']['auth_type']>;
type Name = keyof Schemas['CreateStorageBackendDto'] | `auth_config.${string}` | 'transfer_syntax_list';

export const BACKEND_TYPES: { value: BackendType; label: string }[] = [
  { value: 'filesystem', label: 'Filesystem (a directory)' },
  { value: 'cstore', label: 'DICOM C-STORE (a PACS)' },
  { value: 'stow_rs', label: 'DICOMweb STOW-RS' },
  { value: 'gcs', label: 'Google Cloud Storage bucket' },
  { value: 'google_healthcare', label: 'Google Cloud Healthcare DICOM store' },
];

export const AUTH_TYPES: { value: AuthType; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'basic', label: 'Basic (user name and password)' },
  { value: 'bearer', label: 'Bearer token' },
  { value: 'apikey', label: 'API key in a header' },
];

const is =
  (...types: BackendType[]) =>
  (v: FormValues): boolean =>
    types.includes(v['backend_type'] as BackendType);
const authIs =
  (auth: AuthType) =>
  (v: FormValues): boolean =>
    v['backend_type'] === 'stow_rs' && v['auth_type'] === auth;
const listPolicy = (v: FormValues): boolean => is('cstore', 'stow_rs')(v) && v['transfer_syntax_policy'] === 'list';

/** The inputs of a storage backend; those of the other types are hidden and not sent. */
export const storageBackendFields: FieldSpec<Name>[] = [
  { name: 'name', label: 'Name', kind: 'text', required: true, placeholder: 'pacs-main' },
  { name: 'backend_type', label: 'Type', kind: 'select', required: true, createOnly: true, options: BACKEND_TYPES },
  { name: 'description', label: 'Description', kind: 'textarea', nullable: true },
  {
    name: 'path',
    label: 'Directory',
    kind: 'text',
    required: true,
    when: is('filesystem'),
    placeholder: '/data/out',
    description: 'absolute path, outside the spool and data directories',
  },
  {
    name: 'remote_host',
    label: 'Host',
    kind: 'text',
    required: true,
    when: is('cstore'),
    placeholder: 'pacs.example.org',
  },
  { name: 'remote_port', label: 'Port', kind: 'number', required: true, when: is('cstore'), min: 1, max: 65535 },
  {
    name: 'remote_ae_title',
    label: 'Called AE title',
    kind: 'text',
    required: true,
    when: is('cstore'),
    placeholder: 'PACS',
  },
  { name: 'local_ae_title', label: 'Calling AE title (ours)', kind: 'text', when: is('cstore') },
  { name: 'max_associations', label: 'Parallel associations', kind: 'number', when: is('cstore'), min: 1, max: 64 },
  {
    name: 'tls_enabled',
    label: 'DICOM TLS',
    kind: 'switch',
    when: is('cstore'),
    description:
      'DICOM TLS to the peer: the router process needs DIMSE_TLS_CA (and DIMSE_TLS_CERT, DIMSE_TLS_KEY when the peer wants a client certificate)',
  },
  {
    name: 'base_url',
    label: 'DICOMweb base URL',
    kind: 'text',
    required: true,
    when: is('stow_rs'),
    placeholder: 'https://pacs.example.org/dicom-web',
  },
  { name: 'auth_type', label: 'Authentication', kind: 'select', when: is('stow_rs'), options: AUTH_TYPES },
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
    placeholder: 'X-API-Key',
  },
  {
    name: 'auth_config.key',
    label: 'Key',
    kind: 'secret',
    required: true,
    when: authIs('apikey'),
    setFlag: 'auth_config_set',
  },
  {
    name: 'transfer_syntax_policy',
    label: 'Transfer syntax',
    kind: 'select',
    virtual: true,
    when: is('cstore', 'stow_rs'),
    options: [
      { value: 'as_received', label: 'As received (fall back to Explicit VR Little Endian)' },
      { value: 'as_received_only', label: 'As received only (never convert)' },
      { value: 'list', label: 'Convert to these syntaxes…' },
    ],
  },
  {
    name: 'transfer_syntax_list',
    label: 'Transfer syntax UIDs',
    kind: 'textarea',
    virtual: true,
    required: true,
    when: listPolicy,
    description: 'one UID per line, in order of preference',
    placeholder: '1.2.840.10008.1.2.1',
  },
  { name: 'bucket', label: 'Bucket', kind: 'text', required: true, when: is('gcs'), placeholder: 'my-dicom-bucket' },
  {
    name: 'prefix',
    label: 'Object name prefix',
    kind: 'text',
    nullable: true,
    when: is('gcs'),
    placeholder: 'incoming/',
  },
  { name: 'gcp_project_id', label: 'Project', kind: 'text', required: true, when: is('google_healthcare') },
  {
    name: 'gcp_location',
    label: 'Location',
    kind: 'text',
    required: true,
    when: is('google_healthcare'),
    placeholder: 'europe-west4',
  },
  { name: 'gcp_dataset_id', label: 'Dataset', kind: 'text', required: true, when: is('google_healthcare') },
  { name: 'gcp_dicom_store_id', label: 'DICOM store', kind: 'text', required: true, when: is('google_healthcare') },
  {
    name: 'service_account_json',
    label: 'Service-account key (JSON)',
    kind: 'secret',
    multiline: true,
    when: is('gcs', 'google_healthcare'),
    setFlag: 'service_account_json_set',
    description: 'empty = the application default credentials',
  },
  { name: 'is_enabled', label: 'Enabled', kind: 'switch' },
];

export const storageBackendDefaults: FormValues = {
  backend_type: 'filesystem',
  auth_type: 'none',
  local_ae_title: 'AXIOM_STORE_SCU',
  max_associations: '2',
  transfer_syntax_policy: 'as_received',
  is_enabled: true,
  tls_enabled: false,
};

/** Form values of a stored backend: a list policy shows as "list" plus its UIDs. */
export function storageBackendValues(item: Schemas['StorageBackendDto'] | null, base: FormValues): FormValues {
  const policy = item?.transfer_syntax_policy;
  if (!Array.isArray(policy)) return base;
  return { ...base, transfer_syntax_policy: 'list', transfer_syntax_list: policy.join('\n') };
}

/**
 * The body of POST (create) or PATCH (edit). Credentials go only when typed (write-only); switching
 * a STOW-RS target to no authentication clears them.
 */
export function storageBackendBody(values: FormValues, editing: boolean): Record<string, unknown> {
  const body = toBody(storageBackendFields, values, editing);
  if (is('cstore', 'stow_rs')(values)) {
    const policy = values['transfer_syntax_policy'];
    body['transfer_syntax_policy'] =
      policy === 'list'
        ? String(values['transfer_syntax_list'] ?? '')
            .split(/[\s,]+/)
            .filter(Boolean)
        : policy;
  }
  if (values['backend_type'] === 'stow_rs' && values['auth_type'] === 'none') body['auth_config'] = null;
  return body;
}

export function storageBackendSecrets(item: Schemas['StorageBackendDto']): Record<string, boolean> {
  return {
    auth_config_set: item.auth_config_set === true,
    service_account_json_set: item.service_account_json_set === true,
  };
}
