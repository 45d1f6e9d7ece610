import type { AuthConfig } from './app-config';
import type { EnvReader } from './env-reader';

/** The sign-in, token, API key and secrets-at-rest settings (SECRET_KEY, AXIOM_ENCRYPTION_KEY, GOOGLE_*, ...). */
export function readAuthConfig(r: EnvReader): AuthConfig {
  const list = (name: string): string[] =>
    (r.optional(name) ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== '');
  const encryptionKey = r.optional('AXIOM_ENCRYPTION_KEY');
  if (encryptionKey !== null && !/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/.test(encryptionKey)) {
    r.problems.push('AXIOM_ENCRYPTION_KEY must be 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)');
  }
  const secretKey = r.optional('SECRET_KEY');
  if (secretKey !== null && secretKey.length < 32) r.problems.push('SECRET_KEY must be at least 32 characters');
  return {
    secretKey,
    encryptionKey,
    accessTokenMinutes: r.int('ACCESS_TOKEN_EXPIRE_MINUTES', 60, 1, 525_600),
    firstSuperuserEmail: r.optional('FIRST_SUPERUSER_EMAIL')?.toLowerCase() ?? null,
    allowedEmailDomains: list('ALLOWED_EMAIL_DOMAINS'),
    adminEmail: r.str('AXIOM_ADMIN_EMAIL', 'admin@localhost').toLowerCase(),
    google: {
      clientId: r.optional('GOOGLE_OAUTH_CLIENT_ID'),
      clientSecret: r.optional('GOOGLE_OAUTH_CLIENT_SECRET'),
      redirectUri: r.url('GOOGLE_OAUTH_REDIRECT_URI', ['http', 'https']),
      issuers:
        list('GOOGLE_ISSUERS').length > 0
          ? (r.optional('GOOGLE_ISSUERS') ?? '').split(',').map((s) => s.trim())
          : ['https://accounts.google.com', 'accounts.google.com'],
      jwksUri: r.url('GOOGLE_JWKS_URI', ['http', 'https']) ?? 'https://www.googleapis.com/oauth2/v3/certs',
      authorizationUrl:
        r.url('GOOGLE_AUTHORIZATION_URL', ['http', 'https']) ?? 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: r.url('GOOGLE_TOKEN_URL', ['http', 'https']) ?? 'https://oauth2.googleapis.com/token',
      userInfoUrl:
        r.url('GOOGLE_USERINFO_URL', ['http', 'https']) ?? 'https://openidconnect.googleapis.com/v1/userinfo',
      consoleUrl: r.str('AXIOM_CONSOLE_URL', '/'),
    },
    signInRatePerMinute: r.int('SIGN_IN_RATE_LIMIT_PER_MINUTE', 20, 1, 100_000),
    apiKeyRatePerMinute: r.int('API_KEY_RATE_LIMIT_PER_MINUTE', 1200, 1, 1_000_000),
  };
}
