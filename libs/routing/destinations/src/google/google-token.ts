import { createHash } from 'node:crypto';
import { AuthClient, GoogleAuth, JWT } from 'google-auth-library';

/** The grant endpoint google-auth-library always calls for a service account's JWT grant. */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** A cached token is renewed this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

interface Cached {
  client: Promise<AuthClient>;
  token: string | null;
  expiresAt: number;
}

/**
 * Access tokens for Google APIs: from a storage backend's service-account key, or Application
 * Default Credentials when none is stored. google-auth-library ignores a key's `token_uri` (its
 * JWT grant always goes to oauth2.googleapis.com), so a request interceptor sends the grant to
 * the key's `token_uri`; real keys name Google's endpoint, so nothing changes for them, and a
 * local token endpoint works in tests. Tokens are cached per key until shortly before expiry.
 */
export class GoogleTokenSource {
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly scopes: string[]) {}

  async token(serviceAccountJson: string | null): Promise<string> {
    const id = cacheKey(serviceAccountJson);
    let entry = this.cache.get(id);
    if (entry?.token && Date.now() < entry.expiresAt - RENEW_BEFORE_MS) return entry.token;
    if (!entry) {
      entry = { client: this.makeClient(serviceAccountJson), token: null, expiresAt: 0 };
      this.cache.set(id, entry);
    }
    try {
      const client = await entry.client;
      const { token } = await client.getAccessToken();
      if (!token) throw new Error('the token endpoint gave no access token');
      entry.token = token;
      const expiry = client.credentials.expiry_date;
      entry.expiresAt = typeof expiry === 'number' ? expiry : Date.now() + 300_000;
      return token;
    } catch (err) {
      this.cache.delete(id);
      throw new Error(
        `cannot get a Google access token${serviceAccountJson ? '' : ' (application default credentials)'}: ${(err as Error).message}`,
      );
    }
  }

  /** The peer refused the token (revoked, expired early): the next call gets a new one. */
  forget(serviceAccountJson: string | null): void {
    this.cache.delete(cacheKey(serviceAccountJson));
  }

  private async makeClient(serviceAccountJson: string | null): Promise<AuthClient> {
    // Node's own fetch: gaxios would otherwise import node-fetch dynamically on first use
    const transporterOptions = { fetchImplementation: fetch };
    if (serviceAccountJson === null)
      return new GoogleAuth({ scopes: this.scopes, clientOptions: { transporterOptions } }).getClient();
    const key = JSON.parse(serviceAccountJson) as ServiceAccountKey;
    if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string')
      throw new Error('the service-account key has no client_email or private_key');
    const client = new JWT({
      email: key.client_email,
      key: key.private_key,
      keyId: key.private_key_id,
      scopes: this.scopes,
      transporterOptions,
    });
    const tokenUri = key.token_uri;
    if (tokenUri && tokenUri !== GOOGLE_TOKEN_URL) {
      client.transporter.interceptors.request.add({
        resolved: async (options) => {
          if (String(options.url) === GOOGLE_TOKEN_URL) options.url = new URL(tokenUri);
          return options;
        },
      });
    }
    return client;
  }
}

function cacheKey(serviceAccountJson: string | null): string {
  return serviceAccountJson === null ? 'adc' : createHash('sha256').update(serviceAccountJson).digest('hex');
}
