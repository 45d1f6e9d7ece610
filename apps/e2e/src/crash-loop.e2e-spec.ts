import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@axiom/persistence';
import { Proc, SAMPLES_DIR, echo, freePorts, run, startApp, waitFor, waitForHttp } from '@axiom/testing';

jest.setTimeout(300_000);

const ADMIN_KEY = 'e2ecrash_0123456789abcdefABCDEF';
const SAMPLE = join(SAMPLES_DIR, 'mr-explicit-le.dcm');

interface InstanceHistory {
  id: number;
  state: string;
  error_message: string | null;
  routing_attempts: number;
  morphing: { warnings: string[] }[] | null;
  deliveries: { status: string }[];
}

/**
 * The rule of the "crash-loop" report: an empty pattern and a 500-character replacement applied
 * twice to a 2,000-character UT used to exhaust V8's heap; on restart the sweep routed the same
 * instance again and the process died before the API listened.
 */
describe('a rule that used to crash-loop the router (embedded mode)', () => {
  let work: string;
  let app: Proc;
  let env: Record<string, string>;
  let base: string;
  let listenerPort: number;
  let instanceId: number;

  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method, headers: { Authorization: `Api-Key ${ADMIN_KEY}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  beforeAll(async () => {
    const [apiPort, port, healthPort] = await freePorts(3);
    listenerPort = port as number;
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-crash-'));
    base = `http://127.0.0.1:${apiPort}/api/v1`;
    env = {
      AXIOM_DATA_DIR: join(work, 'data'), PORT: String(apiPort), HEALTH_PORT: String(healthPort), HOST: '127.0.0.1',
      AXIOM_ADMIN_API_KEY: ADMIN_KEY, AXIOM_DEFAULT_LISTENER_PORT: String(listenerPort), ROUTING_MAX_ATTEMPTS: '3',
    };
    app = startApp('standalone', env);
    await waitForHttp(`${base}/system/health`);
    await waitFor('the default listener', () => echo(listenerPort, 'AXIOM'));
    const out = await api<{ id: number }>('POST', '/config/storage-backends', { name: 'out', backend_type: 'filesystem', path: join(work, 'out') });
    const ruleset = await api<{ id: number }>('POST', '/rules-engine/rulesets', { name: 'crash', execution_mode: 'ALL_MATCHES' });
    const grow = { action: 'regex_replace', tag: '(0040,A160)', pattern: '', replacement: 'R'.repeat(500) };
    await api('POST', '/rules-engine/rules', {
      ruleset_id: ruleset.id, name: 'grow', match_criteria: [], destination_ids: [out.id],
      tag_modifications: [{ action: 'set', tag: '(0040,A160)', vr: 'UT', value: 'x'.repeat(2000) }, grow, grow],
    });
  });

  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses an oversized replacement at save time with a 422 naming the field', async () => {
    const res = await fetch(`${base}/rules-engine/rules`, {
      method: 'POST', headers: { Authorization: `Api-Key ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ruleset_id: 1, name: 'too-big', match_criteria: [], tag_modifications: [{ action: 'regex_replace', tag: 'PatientName', pattern: '', replacement: 'R'.repeat(5000) }] }),
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('tag_modifications[0].replacement');
  });

  it('survives the rule: the instance is delivered with the bound as a warning and the API answers', async () => {
    const sent = run('storescu', ['-aec', 'AXIOM', '127.0.0.1', String(listenerPort), SAMPLE], 60_000);
    expect(sent.status).toBe(0);
    const done = await waitFor('the instance routed and delivered', async () => {
      const [row] = await api<{ id: number; state: string }[]>('GET', '/instances?limit=1');
      return row && ['completed', 'failed', 'error', 'quarantined'].includes(row.state) ? row : undefined;
    }, 120_000, 500);
    instanceId = done.id;
    const history = await api<InstanceHistory>('GET', `/instances/${instanceId}`);
    expect(history.state).toBe('completed');
    expect(history.morphing?.flatMap((m) => m.warnings)).toEqual(expect.arrayContaining([expect.stringMatching(/regex_replace: the replaced value would be longer than 1048576 characters/)]));
    expect(app.child.exitCode).toBeNull();
    expect((await fetch(`${base}/system/health`)).status).toBe(200);
  });

  it('after processes died mid-routing N times, starts, answers the API and quarantines the instance with a reason', async () => {
    await app.kill9();
    // what three processes killed while routing this instance leave in the ledger
    const db = await openDatabase({ databaseUrl: null, sqlitePath: join(work, 'data', 'axiom.sqlite') }, { migrate: false });
    try {
      await db.query("UPDATE instances SET state = 'received', routing_attempts = 3, completed_at = NULL WHERE id = ?", [instanceId]);
      await db.query('DELETE FROM deliveries WHERE instance_id = ?', [instanceId]);
    } finally {
      await db.destroy();
    }
    app = startApp('standalone', env);
    await waitForHttp(`${base}/system/health`);
    const quarantined = await waitFor('the instance quarantined', async () => {
      const row = await api<InstanceHistory>('GET', `/instances/${instanceId}`);
      return row.state === 'quarantined' ? row : undefined;
    }, 60_000, 250);
    expect(quarantined.error_message).toMatch(/routing was begun 3 times without finishing/);
    expect(quarantined.routing_attempts).toBe(3);
    expect(quarantined.deliveries).toEqual([]);
    expect(app.child.exitCode).toBeNull();
  });
});
