import { AuthType, DestinationType } from '@axiom/domain';
import { DeliveryError, Destination } from './destination';

/**
 * The typed configuration of each backend type: the stored `config` of a storage backend (the
 * API's snake_case fields, non-secret) merged with its decrypted credentials. One union, read by
 * the adapters and checked by the API when a storage backend is written.
 */
export type DestinationConfig =
  | { backend_type: DestinationType.Filesystem; path: string }
  | {
      backend_type: DestinationType.Cstore;
      remote_ae_title: string;
      remote_host: string;
      remote_port: number;
      local_ae_title: string;
      tls_enabled: boolean;
      transfer_syntax_policy?: unknown;
      max_associations?: number;
    }
  | { backend_type: DestinationType.Gcs; bucket: string; prefix: string | null; service_account_json: string | null }
  | {
      backend_type: DestinationType.GoogleHealthcare;
      gcp_project_id: string;
      gcp_location: string;
      gcp_dataset_id: string;
      gcp_dicom_store_id: string;
      service_account_json: string | null;
    }
  | { backend_type: DestinationType.StowRs; base_url: string; auth: StowAuth };

/** How a STOW-RS request authenticates (`auth_type` with its `auth_config`). */
export type StowAuth =
  | { type: AuthType.None }
  | { type: AuthType.Basic; username: string; password: string }
  | { type: AuthType.Bearer; token: string }
  | { type: AuthType.ApiKey; header_name: string; key: string };

export type ConfigOf<T extends DestinationType> = Extract<DestinationConfig, { backend_type: T }>;

/** The decrypted credentials of a storage backend, as the API stored them. */
export interface DestinationCredentials {
  auth_config?: Record<string, unknown> | null;
  service_account_json?: string | null;
}

export interface ConfigProblem {
  path: string;
  message: string;
}

type Fields = Record<string, unknown>;

function text(f: Fields, key: string, problems: ConfigProblem[]): string {
  const v = f[key];
  if (typeof v !== 'string' || v === '') problems.push({ path: key, message: 'required' });
  return typeof v === 'string' ? v : '';
}

function optionalText(f: Fields, key: string, problems: ConfigProblem[]): string | null {
  const v = f[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') problems.push({ path: key, message: 'must be a string' });
  return typeof v === 'string' ? v : null;
}

function httpUrl(f: Fields, key: string, problems: ConfigProblem[]): string {
  const v = text(f, key, problems);
  if (v === '') return v;
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      problems.push({ path: key, message: 'must be an http or https URL' });
  } catch {
    problems.push({ path: key, message: 'must be an http or https URL' });
  }
  return v;
}

function serviceAccount(f: Fields, problems: ConfigProblem[]): string | null {
  const json = optionalText(f, 'service_account_json', problems);
  if (json === null) return null;
  // its fields (client_email, private_key, token_uri) are read when a token is made, and a bad key fails there, saying so
  try {
    const key: unknown = JSON.parse(json);
    if (typeof key !== 'object' || key === null || Array.isArray(key))
      problems.push({ path: 'service_account_json', message: 'must be a JSON object' });
  } catch {
    problems.push({ path: 'service_account_json', message: 'must be the JSON text of a service-account key' });
  }
  return json;
}

function stowAuth(f: Fields, problems: ConfigProblem[]): StowAuth {
  const type = (f['auth_type'] ?? AuthType.None) as AuthType;
  const c = (f['auth_config'] ?? {}) as Fields;
  const sub = (key: string): string => {
    const v = c[key];
    if (typeof v !== 'string' || v === '')
      problems.push({ path: `auth_config.${key}`, message: `required for auth_type ${type}` });
    return typeof v === 'string' ? v : '';
  };
  switch (type) {
    case AuthType.None:
      return { type };
    case AuthType.Basic:
      return { type, username: sub('username'), password: sub('password') };
    case AuthType.Bearer:
      return { type, token: sub('token') };
    case AuthType.ApiKey:
      return { type, header_name: sub('header_name'), key: sub('key') };
    default:
      problems.push({ path: 'auth_type', message: `must be one of ${Object.values(AuthType).join(', ')}` });
      return { type: AuthType.None };
  }
}

/** Reads the fields of one backend type into its typed configuration, naming each bad field. */
export function parseDestinationConfig(
  type: DestinationType,
  fields: Fields,
): { config: DestinationConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config = ((): DestinationConfig => {
    switch (type) {
      case DestinationType.Filesystem:
        return { backend_type: type, path: text(fields, 'path', problems) };
      case DestinationType.Cstore: {
        const port = fields['remote_port'];
        if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
          problems.push({ path: 'remote_port', message: 'must be a port number' });
        return {
          backend_type: type,
          remote_ae_title: text(fields, 'remote_ae_title', problems),
          remote_host: text(fields, 'remote_host', problems),
          remote_port: Number(port),
          local_ae_title: optionalText(fields, 'local_ae_title', problems) ?? 'AXIOM_STORE_SCU',
          tls_enabled: fields['tls_enabled'] === true,
          transfer_syntax_policy: fields['transfer_syntax_policy'],
          max_associations: typeof fields['max_associations'] === 'number' ? fields['max_associations'] : undefined,
        };
      }
      case DestinationType.Gcs:
        return {
          backend_type: type,
          bucket: text(fields, 'bucket', problems),
          prefix: optionalText(fields, 'prefix', problems),
          service_account_json: serviceAccount(fields, problems),
        };
      case DestinationType.GoogleHealthcare:
        return {
          backend_type: type,
          gcp_project_id: text(fields, 'gcp_project_id', problems),
          gcp_location: text(fields, 'gcp_location', problems),
          gcp_dataset_id: text(fields, 'gcp_dataset_id', problems),
          gcp_dicom_store_id: text(fields, 'gcp_dicom_store_id', problems),
          service_account_json: serviceAccount(fields, problems),
        };
      case DestinationType.StowRs:
        return {
          backend_type: type,
          base_url: httpUrl(fields, 'base_url', problems),
          auth: stowAuth(fields, problems),
        };
    }
  })();
  return { config, problems };
}

/** The typed configuration of a target of the expected type; a bad one fails permanently, naming the fields. */
export function configOf<T extends DestinationType>(target: Destination, type: T): ConfigOf<T> {
  const { config, problems } = parseDestinationConfig(type, { ...target.config, ...target.credentials });
  if (problems.length > 0) {
    throw new DeliveryError(
      `storage backend "${target.name}": ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      true,
    );
  }
  return config as ConfigOf<T>;
}
