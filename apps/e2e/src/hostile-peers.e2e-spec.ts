import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { ApiUnderTest, SAMPLES_DIR, freePorts, run, startApiUnderTest, waitFor } from '@axiom/testing';
import { filesUnder } from './fixtures';

jest.setTimeout(300_000);

const ADMIN_KEY = 'e2ehostile_0123456789abcdefABCDEF';
const ARTIM_MS = 3000;
const PER_PEER = 8;
const SAMPLE = join(SAMPLES_DIR, 'ct-explicit-le.dcm');

/** One TCP connection from a chosen loopback address (each 127.x address is its own peer). */
function openFrom(localAddress: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, localAddress });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

function closed(s: Socket): Promise<void> {
  return s.destroyed || s.closed ? Promise.resolve() : once(s, 'close').then(() => undefined);
}

function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

async function healthy(base: string): Promise<boolean> {
  const res = await fetch(`${base}/system/health`, { signal: AbortSignal.timeout(10_000) });
  return res.status === 200;
}

describe('hostile peers cannot stop the embedded router (listener, API and delivery in one process)', () => {
  let work: string;
  let out: string;
  let router: ApiUnderTest;
  let listenerPort: number;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-hostile-'));
    out = join(work, 'out');
    const [port, healthPort, lp] = await freePorts(3);
    listenerPort = lp as number;
    router = await startApiUnderTest({
      app: 'standalone',
      port: port as number,
      healthPort: healthPort as number,
      listenerPort,
      adminApiKey: ADMIN_KEY,
      env: {
        DIMSE_ASSOCIATION_REQUEST_TIMEOUT_MS: String(ARTIM_MS),
        DIMSE_IDLE_TIMEOUT_MS: '10000',
        DIMSE_PDU_TIMEOUT_MS: '10000',
        DIMSE_MAX_ASSOCIATIONS: '64',
        DIMSE_MAX_ASSOCIATIONS_PER_PEER: String(PER_PEER),
      },
    });
    const call = async (path: string, body: unknown): Promise<{ id: number }> => {
      const res = await fetch(`${router.base}${path}`, {
        method: 'POST',
        headers: { Authorization: `Api-Key ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${path} -> ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: number };
    };
    const backend = await call('/config/storage-backends', { name: 'out', backend_type: 'filesystem', path: out });
    const ruleset = await call('/rules-engine/rulesets', { name: 'all', execution_mode: 'ALL_MATCHES' });
    await call('/rules-engine/rules', {
      ruleset_id: ruleset.id,
      name: 'everything',
      match_criteria: [],
      destination_ids: [backend.id],
    });
    await waitFor(
      'the default listener',
      () => run('echoscu', ['-aec', 'AXIOM', '127.0.0.1', String(listenerPort)], 10_000).status === 0,
      30_000,
    );
  });

  afterAll(async () => {
    await router?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('keeps serving the API and other senders through half-open floods, a huge PDU, garbage and a slow drip', async () => {
    const pid = router.proc.child.pid as number;
    const hostile: Socket[] = [];
    const track = (s: Socket): Socket => {
      s.on('error', () => undefined);
      hostile.push(s);
      return s;
    };
    // 1,500 connections that never speak, from one peer address
    let peakFds = 0;
    for (let i = 0; i < 1500; i++) {
      try {
        track(await openFrom('127.0.0.2', listenerPort));
      } catch {
        // a refused connect is fine: the listener may shed the flood at accept time
      }
      if (i % 100 === 0) peakFds = Math.max(peakFds, fdCount(pid));
    }
    // a declared PDU length of ~4 GB followed by junk, as fast as the socket takes it
    const huge = track(await openFrom('127.0.0.3', listenerPort));
    huge.write(Buffer.from([0x01, 0x00, 0xff, 0xff, 0xff, 0xf0]));
    const junk = Buffer.alloc(256 * 1024, 0x41);
    const pump = setInterval(() => {
      if (!huge.destroyed) huge.write(junk);
    }, 5);
    // garbage, and one byte at a time
    const garbage = track(await openFrom('127.0.0.4', listenerPort));
    garbage.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    const drip = track(await openFrom('127.0.0.5', listenerPort));
    const dripTimer = setInterval(() => {
      if (!drip.destroyed) drip.write(Buffer.from([0x01]));
    }, 250);
    try {
      peakFds = Math.max(peakFds, fdCount(pid));
      // meanwhile the API answers and a normal sender's instance is stored and delivered
      expect(await healthy(router.base)).toBe(true);
      const sent = run('storescu', ['-aec', 'AXIOM', '127.0.0.1', String(listenerPort), SAMPLE], 60_000);
      expect(sent.status).toBe(0);
      await waitFor('the instance in the filesystem destination', () => filesUnder(out).length === 1, 60_000);
      // every hostile connection is closed by the router within the ARTIM timeout and a margin
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(hostile.map(closed)),
        new Promise((_r, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(`${hostile.filter((s) => !s.destroyed && !s.closed).length} hostile connections still open`),
              ),
            ARTIM_MS + 20_000,
          );
        }),
      ]).finally(() => clearTimeout(timer));
    } finally {
      clearInterval(pump);
      clearInterval(dripTimer);
      for (const s of hostile) s.destroy();
    }
    // the flood never held more descriptors than the limits allow (plus the process's own)
    expect(peakFds).toBeLessThan(400);
    expect(await healthy(router.base)).toBe(true);
    expect(run('echoscu', ['-aec', 'AXIOM', '127.0.0.1', String(listenerPort)], 10_000).status).toBe(0);
  });
});
