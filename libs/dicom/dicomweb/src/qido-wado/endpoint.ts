/** How a DICOMweb origin wants to be authenticated (the source's auth_type and auth_config). */
export type DicomwebAuth =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  | { type: 'apikey'; headerName: string; key: string };

/** A DICOMweb origin: its base URL and the QIDO-RS / WADO-RS prefixes under it (either may be empty). */
export interface DicomwebEndpoint {
  baseUrl: string;
  qidoPrefix: string;
  wadoPrefix: string;
  auth: DicomwebAuth;
  /** Bound of one request, from sending it to the last byte of its answer. */
  timeoutMs: number;
}

/** The source's auth_type and decrypted auth_config as the client's DicomwebAuth; throws when they do not fit. */
export function authOf(authType: string, config: Record<string, string> | null): DicomwebAuth {
  const c = config ?? {};
  switch (authType) {
    case 'none':
      return { type: 'none' };
    case 'basic':
      return { type: 'basic', username: need(c, 'username'), password: need(c, 'password') };
    case 'bearer':
      return { type: 'bearer', token: need(c, 'token') };
    case 'apikey':
      return { type: 'apikey', headerName: need(c, 'header_name'), key: need(c, 'key') };
    default:
      throw new Error(`unknown auth_type "${authType}"`);
  }
}

function need(config: Record<string, string>, field: string): string {
  const value = config[field];
  if (typeof value !== 'string' || value === '') throw new Error(`auth_config.${field} is not set`);
  return value;
}

/** The request headers that carry the credentials. */
export function authHeaders(auth: DicomwebAuth): Record<string, string> {
  switch (auth.type) {
    case 'none':
      return {};
    case 'basic':
      return { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}` };
    case 'bearer':
      return { Authorization: `Bearer ${auth.token}` };
    case 'apikey':
      return { [auth.headerName]: auth.key };
  }
}

/**
 * base + prefix + path with exactly one slash between non-empty pieces. An empty prefix is
 * valid: Orthanc and dcm4chee serve QIDO-RS and WADO-RS at the DICOMweb root.
 */
export function joinUrl(base: string, prefix: string, path: string): string {
  const pieces = [base.replace(/\/+$/, ''), prefix.replace(/^\/+|\/+$/g, ''), path.replace(/^\/+/, '')].filter(
    (p) => p !== '',
  );
  return pieces.join('/');
}

/** A URL fit for a log or an error message: no user:password part, no query. */
export function printableUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
