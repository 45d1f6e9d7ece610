import type { SecretBox } from '@axiom/auth';

/** Credentials column <-> object: sealed with AES-256-GCM; an empty object is stored as null. */
export function sealSecrets(box: SecretBox, secrets: Record<string, unknown>): string | null {
  return Object.keys(secrets).length === 0 ? null : box.sealJson(secrets);
}

export function openSecrets(box: SecretBox, sealed: string | null): Record<string, unknown> {
  return sealed === null ? {} : box.openJson<Record<string, unknown>>(sealed);
}
