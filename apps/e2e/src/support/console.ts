import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, ApiUnderTest, OidcStandIn, SAMPLES_DIR, freePorts, run, startApiUnderTest } from '@axiom/testing';

/** The admin's API key of the console suite. */
export const ADMIN_KEY = 'e2econsole_0123456789abcdefABCDEF01';

/** A delivery as GET /deliveries lists it, as far as the suite reads it. */
export interface Delivery {
  id: number;
  status: string;
  storage_backend_id: number;
  instance_id: number;
}

/**
 * The built standalone the console suite drives, with an OIDC stand-in for Google sign-in and a
 * User (signed in with Google) holding an API key of their own.
 */
export interface ConsoleStandalone {
  sut: ApiUnderTest;
  http: ApiClient;
  /** Where the console is served: `http://127.0.0.1:<port>`. */
  origin: string;
  /** The directory the suite's filesystem destination writes to. */
  outDir: string;
  /** A directory path below a file: a destination pointed at it fails with a local I/O error. */
  blockedDir: string;
  /** The User's API key (read-only). */
  userKey: string;
  /** A copy of the CT sample with the suite's patient and accession, and a new SOP Instance UID. */
  sample(): string;
  /** Sends a file to the standalone's listener with storescu. */
  send(file: string): void;
  stop(): Promise<void>;
}

/** Starts the OIDC stand-in and the standalone (deliveries dead-letter within a second), and signs a User in. */
export async function startConsoleStandalone(): Promise<ConsoleStandalone> {
  const [port, healthPort, listenerPort, oidcPort] = (await freePorts(4)) as [number, number, number, number];
  const work = mkdtempSync(join(tmpdir(), 'axiom-e2e-console-'));
  const outDir = join(work, 'archive');
  mkdirSync(outDir);
  writeFileSync(join(work, 'blocker'), 'a file where the destination expects a directory');
  const oidc = new OidcStandIn(oidcPort);
  let sut: ApiUnderTest | undefined;
  const stop = async (): Promise<void> => {
    await sut?.stop();
    await oidc.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    await oidc.start();
    sut = await startApiUnderTest({
      app: 'standalone',
      port,
      healthPort,
      listenerPort,
      adminApiKey: ADMIN_KEY,
      env: oidc.env({
        // dead letters within a second instead of after eight attempts over minutes
        DELIVERY_MAX_ATTEMPTS: '2',
        DELIVERY_BACKOFF_BASE_MS: '100',
        DELIVERY_BACKOFF_MAX_MS: '200',
        // Google sign-in fully configured (the User's key comes from a Google sign-in): the sign-in page's probe gets its redirect
        GOOGLE_OAUTH_CLIENT_SECRET: 'e2e-client-secret',
        GOOGLE_OAUTH_REDIRECT_URI: `http://127.0.0.1:${port}/api/v1/auth/google/callback`,
        GOOGLE_AUTHORIZATION_URL: `${oidc.issuer}/authorize`,
      }),
    });
    const http = new ApiClient(sut.base);
    const signedIn = await http.expect<{ access_token: string }>(200, 'POST', '/auth/google', null, {
      token: await oidc.idToken({ sub: 'g-viewer', email: 'viewer@example.org' }),
    });
    const bearer = { bearer: signedIn.access_token };
    const key = await http.expect<{ full_key: string }>(201, 'POST', '/apikeys', bearer, { name: 'viewer key' });
    let copies = 0;
    return {
      sut,
      http,
      origin: `http://127.0.0.1:${port}`,
      outDir,
      blockedDir: join(work, 'blocker', 'out'),
      userKey: key.full_key,
      sample() {
        const file = join(work, `ct-${++copies}.dcm`);
        copyFileSync(join(SAMPLES_DIR, 'ct-explicit-le.dcm'), file);
        const r = run('dcmodify', [
          '-nb',
          '-gin',
          '-i',
          '(0010,0020)=E2E-PAT-7',
          '-i',
          '(0010,0010)=Console^Carla',
          '-i',
          '(0008,0050)=ACC-E2E',
          file,
        ]);
        if (r.status !== 0) throw new Error(`dcmodify: ${r.output}`);
        return file;
      },
      send(file) {
        const r = run('storescu', ['-aec', 'AXIOM', '127.0.0.1', String(listenerPort), file], 60_000);
        if (r.status !== 0) throw new Error(`storescu: ${r.output}`);
      },
      stop,
    };
  } catch (err) {
    // what started is stopped; the error that stopped the start-up is the one reported
    await stop().catch(() => undefined);
    throw err;
  }
}

/** The pages photographed without further checks: path, the page's heading, the screenshot's name. */
export const OTHER_PAGES = [
  ['/listeners', 'DIMSE listeners', 'listeners'],
  ['/dicomweb-sources', 'DICOMweb sources', 'dicomweb-sources'],
  ['/qr-sources', /Q\/R sources/, 'qr-sources'],
  ['/users', 'Users', 'users'],
  ['/roles', 'Roles', 'roles'],
  ['/api-keys', 'API keys', 'api-keys'],
  ['/audit', 'Audit log', 'audit'],
] as const;
