import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPart10Layout } from '@axiom/dicom-io';
import { ORTHANC_REFUSED_SAMPLES } from '@axiom/destinations/testing';
import { Sample, WireTap, batchesByUid, freePorts, runAsync, sendableSamples, sha256, waitFor } from '@axiom/testing';
import { CloudPeers, STOW_USER, cloudBackends, startCloudPeers } from './cloud-fixtures';
import { Router, startRouter } from './support/cloud-router';

jest.setTimeout(600_000);

type Kind = 'stow' | 'healthcare' | 'gcs';
const KINDS: Kind[] = ['stow', 'healthcare', 'gcs'];

interface Delivery {
  storage_backend_id: number;
  status: string;
  last_error: string | null;
  instance_id: number;
}

const count = (list: string[], value: string): number => list.filter((v) => v === value).length;
const dataset = (bytes: Buffer): Buffer => bytes.subarray(readPart10Layout(bytes).datasetOffset);

describe('cloud destinations (stow_rs, google_healthcare, gcs) in both modes, through their faults', () => {
  let work: string;
  let peers: CloudPeers;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'axiom-e2e-cloud-'));
    peers = await startCloudPeers(join(work, 'peers'));
  });

  afterAll(async () => {
    await peers?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  describe.each([
    ['embedded: the standalone app on SQLite', 'standalone' as const],
    ['distributed: api, dimse-listener and router-worker on PostgreSQL and RabbitMQ', 'distributed' as const],
  ])('%s', (_label, mode) => {
    let router: Router;
    let tap: WireTap;
    const ids = {} as Record<Kind, number>;

    beforeAll(async () => {
      await peers.reset();
      router = await startRouter(mode, join(work, mode), peers.env);
      tap = new WireTap((await freePorts(1))[0] as number, { host: '127.0.0.1', port: router.listenerPort });
      await tap.start();
      const backends = cloudBackends(peers, `${mode}/`);
      for (const k of KINDS)
        ids[k] = (await router.api<{ id: number }>('POST', '/config/storage-backends', backends[k])).id;
      const ruleset = await router.api<{ id: number }>('POST', '/rules-engine/rulesets', {
        name: 'cloud',
        execution_mode: 'ALL_MATCHES',
      });
      await router.api('POST', '/rules-engine/rules', {
        ruleset_id: ruleset.id,
        name: 'everything',
        match_criteria: [],
        destination_ids: KINDS.map((k) => ids[k]),
      });
    });

    afterAll(async () => {
      await tap?.stop();
      await router?.stop();
    });

    it('tests each destination, and names the failing step of broken ones', async () => {
      for (const k of KINDS) {
        await expect(router.api('POST', `/config/storage-backends/${ids[k]}/test`)).resolves.toMatchObject({
          ok: true,
        });
      }
      const [deadPort] = await freePorts(1);
      const broken = [
        [
          {
            name: 'stow-down',
            backend_type: 'stow_rs',
            base_url: `http://127.0.0.1:${deadPort}/dicom-web`,
            auth_type: 'none',
          },
          'connect',
        ],
        [
          {
            name: 'stow-wrong-password',
            backend_type: 'stow_rs',
            base_url: `${peers.stowFront.origin}/dicom-web/`,
            auth_type: 'basic',
            auth_config: { ...STOW_USER, password: 'nope' },
          },
          'auth',
        ],
        [{ name: 'gcs-no-bucket', backend_type: 'gcs', bucket: 'no-such-bucket' }, 'bucket'],
      ] as const;
      for (const [body, step] of broken) {
        const { id } = await router.api<{ id: number }>('POST', '/config/storage-backends', body);
        await expect(router.api('POST', `/config/storage-backends/${id}/test`)).resolves.toMatchObject({
          ok: false,
          step,
        });
      }
    });

    it('delivers every sample to all three, data set bytes as received, through 503s, a down peer, a 409, a 412 and an expired token; nothing lost, nothing stored twice', async () => {
      const batches = batchesByUid(sendableSamples());
      let expected = 0;
      const refused = { stow: 0, healthcare: 0 };
      let preseeded = '';
      for (const [n, batch] of batches.entries()) {
        // faults: the first batch meets a STOW-RS peer that is down and then answers 503s, a Healthcare store that already
        // holds one instance (409) and answers one 503, a GCS that answers 503s and loses one answer (the retry meets a 412);
        // the second meets a token the Healthcare store no longer takes
        if (n === 0) {
          await peers.stowFront.stop();
          peers.stowFront.failNext(2, 503);
          peers.healthcareFront.failNext(1, 503);
          const seed = batch.find((s) => !ORTHANC_REFUSED_SAMPLES.includes(s.name)) as Sample;
          await peers.healthcare.store(readFileSync(seed.path));
          preseeded = seed.sopInstanceUid;
          peers.gcs.failNext(2, 503);
          peers.gcs.loseAnswerNext(1);
          setTimeout(() => void peers.stowFront.start(), 2000);
        }
        if (n === 1) peers.tokens.expireAll();
        const grantsBefore = peers.tokens.granted;
        const marks = {
          stow: peers.stowFront.stored.length,
          healthcare: peers.healthcareFront.stored.length,
          gcs: peers.gcs.created.length,
        };
        tap.reset();
        const sent = await runAsync('dcmsend', [
          '-nh',
          '-dn',
          '-aec',
          'AXIOM',
          '127.0.0.1',
          String(tap.listenPort),
          ...batch.map((s) => s.path),
        ]);
        // what the router acknowledged (dcmsend skips a file it cannot propose); the rest is said, not hidden
        const instances = await router.api<{ sop_instance_uid: string }[]>('GET', '/instances?limit=1000');
        const received = batch.filter((s) => instances.some((i) => i.sop_instance_uid === s.sopInstanceUid));
        if (received.length < batch.length) {
          process.stdout.write(
            `not sent by dcmsend (exit ${sent.status}): ${batch
              .filter((s) => !received.includes(s))
              .map((s) => s.name)
              .join(', ')}\n`,
          );
        }
        expected += received.length;
        let seen = '';
        const deliveries = await waitFor(
          `the ${expected * 3} deliveries of batch ${n} to be final`,
          async () => {
            const all = await router.api<Delivery[]>('GET', '/deliveries?limit=1000');
            const mine = all.filter((d) => KINDS.some((k) => ids[k] === d.storage_backend_id));
            seen = JSON.stringify(
              mine.reduce<Record<string, number>>(
                (acc, d) => ({
                  ...acc,
                  [`${d.storage_backend_id}:${d.status}`]: (acc[`${d.storage_backend_id}:${d.status}`] ?? 0) + 1,
                }),
                {},
              ),
            );
            return mine.length === expected * 3 && mine.every((d) => d.status === 'delivered' || d.status === 'failed')
              ? mine
              : undefined;
          },
          90_000,
          300,
        ).catch((err: Error) => {
          throw new Error(`${err.message}; deliveries by backend:status ${seen}`);
        });
        const refusedHere = await checkBatch(received, tap.datasets(), marks, n === 0 ? preseeded : '');
        refused.stow += refusedHere.stow;
        refused.healthcare += refusedHere.healthcare;
        const failed = (k: Kind): number =>
          deliveries.filter((d) => d.storage_backend_id === ids[k] && d.status === 'failed').length;
        expect({ stow: failed('stow'), healthcare: failed('healthcare'), gcs: failed('gcs') }).toEqual({
          ...refused,
          gcs: 0,
        });
        if (n === 1) expect(peers.tokens.granted).toBeGreaterThan(grantsBefore);
        await Promise.all([peers.stow.clear(), peers.healthcare.clear()]);
        peers.gcs.buckets.set('axiom-e2e', new Map());
      }
    });

    /**
     * Each data set of the batch, as it went over the wire, is at each destination byte for byte and was stored once,
     * except those Orthanc refuses (known refusals only); returns how many each Orthanc refused.
     */
    async function checkBatch(
      received: Sample[],
      wire: Buffer[],
      marks: Record<Kind, number>,
      preseeded: string,
    ): Promise<{ stow: number; healthcare: number }> {
      const onWire = new Set(wire.map(sha256));
      expect(wire).toHaveLength(received.length);
      const objects = [...(peers.gcs.buckets.get('axiom-e2e')?.values() ?? [])];
      expect(new Set(objects.map((o) => sha256(dataset(o.bytes))))).toEqual(onWire);
      expect(peers.gcs.created.slice(marks.gcs).sort()).toEqual(objects.map((o) => o.name).sort());
      const refusedHere = { stow: 0, healthcare: 0 };
      for (const s of received) {
        for (const [k, peer, front] of [
          ['stow', peers.stow, peers.stowFront],
          ['healthcare', peers.healthcare, peers.healthcareFront],
        ] as const) {
          const stored = await peer.storedFile(s.sopInstanceUid);
          if (!stored) {
            expect(ORTHANC_REFUSED_SAMPLES).toContain(s.name);
            refusedHere[k]++;
            continue;
          }
          expect({ sample: s.name, [k]: onWire.has(sha256(dataset(stored))) }).toEqual({ sample: s.name, [k]: true });
          // the instance the Healthcare store already held is not stored again: its 409 was resolved by comparing
          expect({ sample: s.name, [k]: count(front.stored.slice(marks[k]), s.sopInstanceUid) }).toEqual({
            sample: s.name,
            [k]: k === 'healthcare' && s.sopInstanceUid === preseeded ? 0 : 1,
          });
        }
      }
      return refusedHere;
    }
  });
});
