import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomFile } from '@axiom/dicom-io';
import {
  Proc,
  SAMPLES_DIR,
  batchesByUid,
  datasetOf,
  echo,
  filesystemBackendBody,
  freePorts,
  listenerBody,
  ruleBody,
  rulesetBody,
  run,
  runAsync,
  startApp,
  sendableSamples,
  sha256,
  WireTap,
  waitFor,
  waitForHttp,
} from '@axiom/testing';
import { filesUnder, makeCorpus, sopUidOf } from './fixtures';

jest.setTimeout(600_000);

const ADMIN_KEY = 'e2eadmin_0123456789abcdefABCDEF';
let apiPort: number;
let listenerPort: number;
let tapPort: number;
let secondPort: number;
let base: string;

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Api-Key ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

describe('embedded default: one process, SQLite, in-process transport', () => {
  let work: string;
  let app: Proc;
  let env: Record<string, string>;
  let out: string;
  let morphedOut: string;

  beforeAll(async () => {
    [apiPort, listenerPort, tapPort, secondPort] = (await freePorts(4)) as [number, number, number, number];
    base = `http://127.0.0.1:${apiPort}/api/v1`;
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-standalone-'));
    out = join(work, 'out');
    morphedOut = join(work, 'morphed');
    env = {
      AXIOM_DATA_DIR: join(work, 'data'),
      PORT: String(apiPort),
      AXIOM_ADMIN_API_KEY: ADMIN_KEY,
      AXIOM_DEFAULT_LISTENER_PORT: String(listenerPort),
    };
    app = startApp('standalone', env);
    await waitForHttp(`${base}/docs`);
    await waitFor('the default listener', () => echo(listenerPort, 'AXIOM'));
    const plain = await api<{ id: number }>(
      'POST',
      '/config/storage-backends',
      filesystemBackendBody(out, { name: 'local' }),
    );
    const morphed = await api<{ id: number }>(
      'POST',
      '/config/storage-backends',
      filesystemBackendBody(morphedOut, { name: 'morphed' }),
    );
    const ruleset = await api<{ id: number }>('POST', '/rules-engine/rulesets', rulesetBody({ name: 'main' }));
    await api('POST', '/rules-engine/rules', ruleBody(ruleset.id, [plain.id], { name: 'everything' }));
    await api(
      'POST',
      '/rules-engine/rules',
      ruleBody(ruleset.id, [morphed.id], {
        name: 'mr-institution',
        match_criteria: [{ tag: 'Modality', op: 'eq', value: 'MR' }],
        tag_modifications: [{ action: 'set', tag: 'InstitutionName', value: 'AXIOM EMBEDDED' }],
      }),
    );
  });

  afterAll(async () => {
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('serves the default listener (AE AXIOM) created on the empty database', async () => {
    const listeners = await api<{ name: string; ae_title: string; port: number }[]>('GET', '/config/dimse-listeners');
    expect(listeners).toEqual([expect.objectContaining({ name: 'default', ae_title: 'AXIOM', port: listenerPort })]);
  });

  it('starts, moves and stops a listener when its row changes, without a restart', async () => {
    const created = await api<{ id: number }>(
      'POST',
      '/config/dimse-listeners',
      listenerBody(secondPort, { name: 'second', ae_title: 'SECOND' }),
    );
    await waitFor('the new listener to answer C-ECHO', () => echo(secondPort, 'SECOND'), 15_000);
    await api('PATCH', `/config/dimse-listeners/${created.id}`, { ae_title: 'RENAMED' });
    await waitFor(
      'the listener to answer to its new AE title',
      () => echo(secondPort, 'RENAMED') && !echo(secondPort, 'SECOND'),
      15_000,
    );
    await api('PATCH', `/config/dimse-listeners/${created.id}`, { is_enabled: false });
    await waitFor('the disabled listener to stop', () => !echo(secondPort, 'RENAMED'), 15_000);
    const res = await fetch(`${base}/config/dimse-listeners/${created.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Api-Key ${ADMIN_KEY}` },
    });
    expect(res.status).toBeLessThan(300);
    expect(echo(listenerPort, 'AXIOM')).toBe(true);
  });

  it('delivers every sample exactly as it came over the wire, applying the rule change to MR only', async () => {
    const tap = new WireTap(tapPort, { host: '127.0.0.1', port: listenerPort });
    await tap.start();
    let checked = 0;
    try {
      for (const batch of batchesByUid(sendableSamples())) {
        rmSync(out, { recursive: true, force: true });
        rmSync(morphedOut, { recursive: true, force: true });
        tap.reset();
        const before = (await api<unknown[]>('GET', '/instances?limit=1000')).length;
        // -dn: dcmsend sends each file in its own transfer syntax; it still skips files it cannot send
        await runAsync('dcmsend', [
          '-nh',
          '-dn',
          '-aec',
          'AXIOM',
          '127.0.0.1',
          String(tapPort),
          ...batch.map((s) => s.path),
        ]);
        const wire = tap.datasets();
        await waitFor(
          'the batch received and delivered',
          async () => {
            const received = (await api<unknown[]>('GET', '/instances?limit=1000')).length - before;
            const unfinished = [
              ...(await api<unknown[]>('GET', '/instances?state=received')),
              ...(await api<unknown[]>('GET', '/instances?state=routed')),
            ];
            return (received >= wire.length && unfinished.length === 0) || undefined;
          },
          60_000,
        );
        const delivered = new Set(filesUnder(out).map((f) => sha256(datasetOf(f))));
        for (const [i, w] of wire.entries()) {
          expect({ batch: batch.map((x) => x.name), dataset: i, deliveredAsSent: delivered.has(sha256(w)) }).toEqual({
            batch: batch.map((x) => x.name),
            dataset: i,
            deliveredAsSent: true,
          });
        }
        expect(filesUnder(out)).toHaveLength(wire.length);
        checked += wire.length;
        for (const f of filesUnder(out).filter(
          (x) => DicomFile.parse(readFileSync(x), { headerOnly: true }).string(0x00080060) === 'MR',
        )) {
          const uid = sopUidOf(f);
          const morphed = filesUnder(morphedOut).find((x) => x.endsWith(`${uid}.dcm`));
          expect({ uid, morphed: Boolean(morphed) }).toEqual({ uid, morphed: true });
          expect(DicomFile.parse(readFileSync(morphed as string), { headerOnly: true }).string(0x00080080)).toBe(
            'AXIOM EMBEDDED',
          );
        }
      }
    } finally {
      await tap.stop();
    }
    // dcmsend (dcmtk 3.6.7) transmits 39 of the samples; it refuses bare data sets, HTJ2K and files without UIDs
    expect(checked).toBeGreaterThanOrEqual(39);
  });

  it('dry-runs a rule on an uploaded file over HTTP: which rules matched, why, where it would go, what would change', async () => {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(join(SAMPLES_DIR, 'mr-explicit-le.dcm'))]), 'mr.dcm');
    form.append('calling_ae_title', 'MODALITY1');
    const before = (await api<unknown[]>('GET', '/instances?limit=1000')).length;
    const res = await fetch(`${base}/rules-engine/process-file`, {
      method: 'POST',
      headers: { Authorization: `Api-Key ${ADMIN_KEY}` },
      body: form,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      applied_rule_ids: number[];
      destination_ids: number[];
      diff: { keyword?: string; after: string[] | null }[];
      rulesets: { rules: { name: string; matched: boolean }[] }[];
    };
    const rules = body.rulesets.flatMap((r) => r.rules);
    expect(rules.find((r) => r.name === 'mr-institution')?.matched).toBe(true);
    expect(body.applied_rule_ids).toHaveLength(2);
    expect(body.destination_ids).toHaveLength(2);
    expect(body.diff).toEqual([expect.objectContaining({ keyword: 'InstitutionName', after: ['AXIOM EMBEDDED'] })]);
    // nothing stored or sent
    expect((await api<unknown[]>('GET', '/instances?limit=1000')).length).toBe(before);

    const notDicom = new FormData();
    notDicom.append('file', new Blob([readFileSync(join(SAMPLES_DIR, 'invalid', 'not-dicom-jpeg.dcm'))]), 'x.dcm');
    const bad = await fetch(`${base}/rules-engine/process-file`, {
      method: 'POST',
      headers: { Authorization: `Api-Key ${ADMIN_KEY}` },
      body: notDicom,
    });
    expect(bad.status).toBe(422);
  });

  it('dry-runs DICOM JSON over HTTP (process-json per the contract)', async () => {
    const dicomJson = {
      '00080060': { vr: 'CS', Value: ['MR'] },
      '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.4'] },
      '00080018': { vr: 'UI', Value: ['2.25.1234'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
    };
    const result = await api<{
      original_json: unknown;
      morphed_json: Record<string, { Value?: unknown[] }>;
      applied_rule_ids: number[];
      errors: string[];
    }>('POST', '/rules-engine/process-json', { dicom_json: dicomJson, source_identifier: 'api_json' });
    expect(result.errors).toEqual([]);
    expect(result.applied_rule_ids).toHaveLength(2);
    expect(result.morphed_json['00080080']?.Value).toEqual(['AXIOM EMBEDDED']);
    expect(result.original_json).toEqual(dicomJson);
  });

  it('loses nothing storescu saw acknowledged when the whole process is killed with SIGKILL mid-stream', async () => {
    rmSync(out, { recursive: true, force: true });
    const corpus = makeCorpus(join(work, 'corpus'), 200);
    const sending = runAsync('storescu', ['-v', '-aec', 'AXIOM', '127.0.0.1', String(listenerPort), '+sd', corpus]);
    await waitFor('the first deliveries', () => filesUnder(out).length > 10 || undefined, 60_000, 50);
    await app.kill9();
    const sent = await sending;
    // storescu -v: "Sending file: X" ... "Received Store Response (Success)"
    const acked: string[] = [];
    let current: string | null = null;
    for (const line of sent.output.split('\n')) {
      const m = /Sending file: (\S+)/.exec(line);
      if (m) current = m[1] ?? null;
      else if (/Received Store Response \(Success\)/.test(line) && current) acked.push(current);
    }
    expect(acked.length).toBeGreaterThan(0);
    app = startApp('standalone', env);
    await waitForHttp(`${base}/docs`);
    const ackedUids = new Set(acked.map(sopUidOf));
    await waitFor(
      'every acknowledged instance delivered after the restart',
      () => {
        const have = new Set(filesUnder(out).map(sopUidOf));
        return [...ackedUids].every((u) => have.has(u)) || undefined;
      },
      120_000,
      500,
    );
    // the sender retries the rest, as a modality would after a broken association
    await waitFor('the listener after the restart', () => echo(listenerPort, 'AXIOM'));
    const resend = run('storescu', ['-aec', 'AXIOM', '127.0.0.1', String(listenerPort), '+sd', corpus]);
    const rejectedDir = join(work, 'data', 'errors', 'rejected');
    const rejected = existsSync(rejectedDir)
      ? readdirSync(rejectedDir)
          .filter((f) => f.endsWith('.txt'))
          .map((f) => readFileSync(join(rejectedDir, f), 'utf8'))
      : [];
    expect({ status: resend.status, output: resend.output.slice(0, 2000), rejected }).toEqual({
      status: 0,
      output: '',
      rejected: [],
    });
    const uids = readdirSync(corpus).map((f) => sopUidOf(join(corpus, f)));
    await waitFor('all 200 delivered', () => filesUnder(out).length >= 200 || undefined, 120_000, 500);
    expect(new Set(filesUnder(out).map(sopUidOf))).toEqual(new Set(uids));
  });
});
