import { redactUrlCredentials, type StorageBackendDto } from '@axiom/contracts';
import type { StorageBackendEntity } from '@axiom/persistence';
import { isoRequired } from '../common/wire';
import { FIELDS_OF } from './storage-backend-fields';

/** Entity -> wire. Secrets appear only as `<field>_set` flags. */
export function toStorageBackendDto(row: StorageBackendEntity, secretFields: string[]): StorageBackendDto {
  const fields = FIELDS_OF[row.backendType];
  const typeFields: Record<string, unknown> = {};
  for (const key of [...fields.required, ...Object.keys(fields.optional)]) typeFields[key] = row.config[key] ?? fields.optional[key] ?? null;
  for (const key of fields.secrets) typeFields[`${key}_set`] = secretFields.includes(key);
  if (typeof typeFields['base_url'] === 'string') typeFields['base_url'] = redactUrlCredentials(typeFields['base_url']);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    is_enabled: row.isEnabled,
    backend_type: row.backendType,
    ...typeFields,
    created_at: isoRequired(row.createdAt),
    updated_at: isoRequired(row.updatedAt),
  };
}
