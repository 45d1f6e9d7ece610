const SECRET_KEY_PATTERN =
  /pass(word)?|secret|token|api_?key|private_?key|credential|service_account_json|auth_config|hashed_?key|full_key|^key$/i;
/** What a secret value becomes in the audit log. */
export const MASK = '***';

/**
 * A deep copy with the values of secret-looking keys replaced by `***` (a boolean "is set"
 * flag stays as it is). Defence in depth: the audited objects are response DTOs already.
 */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      SECRET_KEY_PATTERN.test(k) && !k.endsWith('_set') && v !== null && typeof v !== 'boolean' ? MASK : maskSecrets(v);
  }
  return out;
}
