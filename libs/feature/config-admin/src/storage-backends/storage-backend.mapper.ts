import { redactUrlCredentials, type RetryPolicyDto, type StorageBackendDto } from '@axiom/contracts';
import type { RetryPolicy, DestinationEntity } from '@axiom/persistence';
import { isoRequired } from '../common/wire';
import { FIELDS_OF } from './storage-backend-fields';

/** Entity -> wire. Secrets appear only as `<field>_set` flags. */
export function toStorageBackendDto(row: DestinationEntity, secretFields: string[]): StorageBackendDto {
  const fields = FIELDS_OF[row.backendType];
  const typeFields: Record<string, unknown> = {};
  for (const key of [...fields.required, ...Object.keys(fields.optional)])
    typeFields[key] = row.config[key] ?? fields.optional[key] ?? null;
  for (const key of fields.secrets) typeFields[`${key}_set`] = secretFields.includes(key);
  if (typeof typeFields['base_url'] === 'string') typeFields['base_url'] = redactUrlCredentials(typeFields['base_url']);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    is_enabled: row.isEnabled,
    retry_policy: retryPolicyDto(row.retryPolicy),
    backend_type: row.backendType,
    ...typeFields,
    created_at: isoRequired(row.createdAt),
    updated_at: isoRequired(row.updatedAt),
  };
}

/** The stored schedule (milliseconds) on the wire (seconds); null = the process defaults. */
export function retryPolicyDto(p: RetryPolicy | null | undefined): RetryPolicyDto | null {
  if (!p) return null;
  const s = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms / 1000));
  return {
    max_attempts: p.maxAttempts,
    backoff_base_seconds: s(p.backoffBaseMs),
    backoff_max_seconds: s(p.backoffMaxMs),
  };
}

/** Wire -> stored; an empty policy is none. */
export function retryPolicyOf(dto: RetryPolicyDto | null | undefined): RetryPolicy | null {
  if (!dto) return null;
  const p: RetryPolicy = {};
  if (dto.max_attempts !== undefined) p.maxAttempts = dto.max_attempts;
  if (dto.backoff_base_seconds !== undefined) p.backoffBaseMs = dto.backoff_base_seconds * 1000;
  if (dto.backoff_max_seconds !== undefined) p.backoffMaxMs = dto.backoff_max_seconds * 1000;
  return Object.keys(p).length > 0 ? p : null;
}
