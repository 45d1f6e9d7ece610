import { AuthType, DestinationType } from '@axiom/domain';
import type { FieldError } from '@axiom/contracts';
import { transferSyntaxPolicyProblem } from '@axiom/dicom-io';
import { authConfigErrors } from '../common/auth-config';

interface TypeFields {
  required: string[];
  optional: Record<string, unknown>;
  secrets: string[];
}

/** Which flat fields belong to which backend type; optional ones with their defaults. */
export const FIELDS_OF: Record<DestinationType, TypeFields> = {
  [DestinationType.Filesystem]: { required: ['path'], optional: {}, secrets: [] },
  [DestinationType.Cstore]: {
    required: ['remote_ae_title', 'remote_host', 'remote_port'],
    optional: {
      local_ae_title: 'AXIOM_STORE_SCU',
      tls_enabled: false,
      transfer_syntax_policy: 'as_received',
      max_associations: 2,
    },
    secrets: [],
  },
  [DestinationType.Gcs]: { required: ['bucket'], optional: { prefix: null }, secrets: ['service_account_json'] },
  [DestinationType.GoogleHealthcare]: {
    required: ['gcp_project_id', 'gcp_location', 'gcp_dataset_id', 'gcp_dicom_store_id'],
    optional: {},
    secrets: ['service_account_json'],
  },
  [DestinationType.StowRs]: {
    required: ['base_url'],
    optional: { auth_type: AuthType.None, transfer_syntax_policy: 'as_received' },
    secrets: ['auth_config'],
  },
};

export const COMMON_FIELDS = ['name', 'description', 'is_enabled', 'backend_type'];
const ALL_TYPE_FIELDS = new Set(
  Object.values(FIELDS_OF).flatMap((f) => [...f.required, ...Object.keys(f.optional), ...f.secrets]),
);

export interface SplitBackend {
  errors: FieldError[];
  config: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

/**
 * Splits a flat storage backend (the merged request) into its non-secret `config` and its
 * `secrets`, naming every field that is missing or does not belong to the backend type.
 */
export function splitStorageBackend(type: DestinationType, flat: Record<string, unknown>): SplitBackend {
  const fields = FIELDS_OF[type];
  const errors: FieldError[] = [];
  const config: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (value === undefined || COMMON_FIELDS.includes(key) || !ALL_TYPE_FIELDS.has(key)) continue;
    const belongs = fields.required.includes(key) || key in fields.optional || fields.secrets.includes(key);
    if (!belongs) {
      if (value !== null) errors.push({ path: key, message: `not a field of backend_type ${type}` });
      continue;
    }
    if (fields.secrets.includes(key)) {
      if (value !== null) secrets[key] = value;
    } else {
      config[key] = value;
    }
  }
  for (const key of fields.required) {
    if (config[key] === undefined || config[key] === null)
      errors.push({ path: key, message: `required for backend_type ${type}` });
  }
  for (const [key, fallback] of Object.entries(fields.optional)) {
    if (config[key] === undefined || config[key] === null) config[key] = fallback;
  }
  const policyProblem = transferSyntaxPolicyProblem(config['transfer_syntax_policy']);
  if (policyProblem) errors.push({ path: 'transfer_syntax_policy', message: policyProblem });
  if (type === DestinationType.StowRs) {
    errors.push(
      ...authConfigErrors(
        config['auth_type'] as AuthType,
        secrets['auth_config'] as Record<string, unknown> | undefined,
      ),
    );
  }
  if (typeof secrets['service_account_json'] === 'string') {
    try {
      JSON.parse(secrets['service_account_json']);
    } catch {
      errors.push({ path: 'service_account_json', message: 'must be the JSON text of a service-account key' });
    }
  }
  return { errors, config, secrets };
}
