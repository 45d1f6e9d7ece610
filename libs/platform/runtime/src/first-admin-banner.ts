import type { AppConfig } from '@axiom/platform-config';

/** The first admin of an empty database; `apiKey` only when it was made just now. */
export interface FirstAdmin {
  created: boolean;
  email: string;
  apiKey?: string;
}

/** What makes the first admin (the config-admin feature's AdminBootstrapService). */
export interface FirstAdminSource {
  ensureFirstAdmin(): Promise<FirstAdmin>;
}

let printed = false;

/**
 * Prints the first admin's API key on standard output, once per process, and only when it was
 * generated now: a key given in AXIOM_ADMIN_API_KEY is the operator's already. Returns whether
 * it printed.
 */
export function printFirstAdminKey(admin: FirstAdmin, config: Pick<AppConfig, 'adminApiKey'>): boolean {
  if (printed || !admin.created || !admin.apiKey || config.adminApiKey) return false;
  printed = true;
  process.stdout.write(
    `\nFirst start: created admin ${admin.email}. API key (shown once, store it now):\n\n  ${admin.apiKey}\n\n`,
  );
  return true;
}
