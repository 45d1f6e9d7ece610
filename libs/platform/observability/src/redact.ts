/**
 * Secrets never reach a log line. Structured fields are redacted by name (pino's redact paths,
 * below); free text (messages, error texts) is scrubbed by pattern, because a driver's error may
 * quote a connection URL or a header.
 */
export const REDACT_PATHS: string[] = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'api_key',
  '*.api_key',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
  'auth_config',
  '*.auth_config',
  'service_account_json',
  '*.service_account_json',
  'credentials',
  '*.credentials',
  'private_key',
  '*.private_key',
  'client_secret',
  '*.client_secret',
  'full_key',
  '*.full_key',
];

export const REDACTED = '[redacted]';

const TEXT_PATTERNS: [RegExp, string][] = [
  // Authorization header values: Api-Key, Bearer, Basic
  [/\b(Api-Key|Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi, `$1 ${REDACTED}`],
  // user:password@ in URLs (database, broker, DICOMweb)
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, `$1:${REDACTED}@`],
  // a service account's private key, whole PEM blocks, JSON-quoted or not
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  // "password": "...", password=..., "private_key": "...", "token": "..." in quoted JSON or key=value text
  [
    /("?(?:password|passwd|secret|token|api_key|apikey|private_key|client_secret|full_key)"?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|[^\s,;&}]+)/gi,
    `$1"${REDACTED}"`,
  ],
];

/** The text with credentials replaced by `[redacted]`. */
export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
