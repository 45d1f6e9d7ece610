import { AuthType } from '@axiom/domain';
import type { FieldError } from '@axiom/contracts';

const REQUIRED: Record<AuthType, string[]> = {
  [AuthType.None]: [],
  [AuthType.Basic]: ['username', 'password'],
  [AuthType.Bearer]: ['token'],
  [AuthType.ApiKey]: ['header_name', 'key'],
};

/** Checks that `auth_config` carries exactly the credentials its `auth_type` needs. */
export function authConfigErrors(
  authType: AuthType,
  authConfig: Record<string, unknown> | null | undefined,
  path = 'auth_config',
): FieldError[] {
  const needed = REQUIRED[authType];
  if (needed.length === 0) {
    return authConfig && Object.keys(authConfig).length > 0
      ? [{ path, message: 'must be empty or null when auth_type is none' }]
      : [];
  }
  if (!authConfig) return [{ path, message: `auth_type ${authType} needs ${needed.join(' and ')}` }];
  const errors: FieldError[] = [];
  for (const field of needed) {
    const v = authConfig[field];
    if (typeof v !== 'string' || v === '')
      errors.push({ path: `${path}.${field}`, message: `required for auth_type ${authType}` });
  }
  for (const field of Object.keys(authConfig)) {
    if (!needed.includes(field))
      errors.push({ path: `${path}.${field}`, message: `not a credential of auth_type ${authType}` });
  }
  return errors;
}
