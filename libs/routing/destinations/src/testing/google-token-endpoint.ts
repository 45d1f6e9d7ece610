import { generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** The audience google-auth-library puts in a service account's JWT grant. */
const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function b64urlJson(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A local OAuth 2.0 token endpoint standing in for Google's: it takes only JWT-bearer grants
 * (RFC 7523) signed with the private key of the test service account it made, for Google's
 * audience, not expired; it answers with an opaque access token and remembers which tokens it
 * issued, so a DICOMweb or storage stand-in can check a bearer (and a test can expire them all).
 */
export class GoogleTokenEndpoint {
  readonly clientEmail = 'axiom-router@demo-axiom.iam.gserviceaccount.com';
  private readonly publicKey: string;
  private readonly privateKeyPem: string;
  private readonly issued = new Map<string, { scope: string; expiresAt: number }>();
  private server: Server | null = null;
  private port = 0;
  /** Grants answered with a token, and grants refused. */
  granted = 0;
  refused = 0;

  constructor(private readonly lifetimeSeconds = 3600) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.publicKey = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  get tokenUri(): string {
    return `http://127.0.0.1:${this.port}/token`;
  }

  /** The service-account key file (as an operator pastes it into `service_account_json`), naming this endpoint as its `token_uri`. */
  serviceAccountJson(): string {
    return JSON.stringify({
      type: 'service_account',
      project_id: 'demo-axiom',
      private_key_id: 'test-key-1',
      private_key: this.privateKeyPem,
      client_email: this.clientEmail,
      client_id: '1',
      token_uri: this.tokenUri,
    });
  }

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** True for a token this endpoint issued that has not expired (what Google's tokeninfo says). */
  isValid(token: string, scope?: string): boolean {
    const t = this.issued.get(token);
    return t !== undefined && t.expiresAt > Date.now() && (scope === undefined || t.scope.split(' ').includes(scope));
  }

  /** Every token issued so far expires now (a client that cached one is told 401 and must get another). */
  expireAll(): void {
    for (const t of this.issued.values()) t.expiresAt = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answer = (status: number, body: Record<string, unknown>): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !req.url?.startsWith('/token')) return answer(404, { error: 'not_found' });
    const form = new URLSearchParams(await readBody(req));
    const problem = this.checkGrant(form.get('grant_type'), form.get('assertion'));
    if (problem) {
      this.refused++;
      return answer(400, { error: 'invalid_grant', error_description: problem });
    }
    const scope = String(b64urlJson((form.get('assertion') ?? '').split('.')[1] ?? '')['scope'] ?? '');
    const token = `ya29.test-${randomBytes(24).toString('base64url')}`;
    this.issued.set(token, { scope, expiresAt: Date.now() + this.lifetimeSeconds * 1000 });
    this.granted++;
    answer(200, { access_token: token, token_type: 'Bearer', expires_in: this.lifetimeSeconds });
  }

  private checkGrant(grantType: string | null, assertion: string | null): string | null {
    if (grantType !== JWT_BEARER) return `unsupported grant_type ${grantType}`;
    const parts = (assertion ?? '').split('.');
    if (parts.length !== 3) return 'the assertion is not a JWT';
    const [head, claims, signature] = parts as [string, string, string];
    const header = b64urlJson(head);
    if (header['alg'] !== 'RS256') return `unexpected alg ${String(header['alg'])}`;
    if (!verify('RSA-SHA256', Buffer.from(`${head}.${claims}`), this.publicKey, Buffer.from(signature, 'base64url')))
      return 'bad signature';
    const c = b64urlJson(claims);
    if (c['iss'] !== this.clientEmail) return `unknown issuer ${String(c['iss'])}`;
    if (c['aud'] !== GOOGLE_TOKEN_AUDIENCE) return `wrong audience ${String(c['aud'])}`;
    if (typeof c['exp'] !== 'number' || c['exp'] * 1000 < Date.now()) return 'the assertion expired';
    return null;
  }
}
