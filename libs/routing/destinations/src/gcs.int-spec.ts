import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPart10Layout } from '@axiom/dicom-io';
import { DestinationType } from '@axiom/domain';
import { DeliveryError, Destination, OutgoingInstance } from './destination';
import { GcsAdapter, gcsObjectName } from './gcs.destination';
import { FakeGcs } from './testing/fake-gcs';
import { outgoing } from './testing/cstore-peers';
import { sendableOutgoing, splicedOutgoing } from './testing/outgoing-samples';

jest.setTimeout(60_000);

const BUCKET = 'axiom-test-bucket';

function target(config: Record<string, unknown> = {}): Destination {
  return {
    id: 7,
    name: 'gcs-test',
    backendType: DestinationType.Gcs,
    config: { bucket: BUCKET, prefix: 'routed/', ...config },
  };
}

describe('GcsAdapter against an in-memory GCS JSON API (real @google-cloud/storage client)', () => {
  const gcs = new FakeGcs();
  let destination: GcsAdapter;
  let work: string;
  const previousHost = process.env['STORAGE_EMULATOR_HOST'];

  beforeAll(async () => {
    await gcs.start();
    gcs.createBucket(BUCKET);
    process.env['STORAGE_EMULATOR_HOST'] = gcs.origin;
    destination = new GcsAdapter();
    work = mkdtempSync(join(tmpdir(), 'axiom-gcs-spec-'));
  });

  afterAll(async () => {
    await destination.close();
    await gcs.stop();
    if (previousHost === undefined) delete process.env['STORAGE_EMULATOR_HOST'];
    else process.env['STORAGE_EMULATOR_HOST'] = previousHost;
    rmSync(work, { recursive: true, force: true });
  });

  it('stores every sample byte for byte under <prefix>/<study>/<series>/<sop>.dcm, typed application/dicom, with its UIDs', async () => {
    const samples = sendableOutgoing();
    expect(samples.length).toBeGreaterThan(20);
    const seen = new Set<string>();
    for (const instance of samples) {
      const name = gcsObjectName('routed/', instance);
      if (seen.has(name)) continue; // two samples share a SOP Instance UID: one object name
      seen.add(name);
      const result = await destination.send(instance, target());
      expect(result.detail).toContain(`gs://${BUCKET}/${name}`);
      const stored = gcs.object(BUCKET, name);
      const bytes = readFileSync(instance.path);
      const isPart10 = bytes.subarray(128, 132).toString('latin1') === 'DICM';
      // a Part 10 file goes as stored; a bare data set gets a file meta header in front
      if (isPart10) expect(stored?.bytes.equals(bytes)).toBe(true);
      expect(
        stored?.bytes
          .subarray(readPart10Layout(stored.bytes).datasetOffset)
          .equals(bytes.subarray(instance.datasetOffset)),
      ).toBe(true);
      expect(stored?.contentType).toBe('application/dicom');
      expect(stored?.metadata).toEqual(
        expect.objectContaining({ SOPInstanceUID: instance.sopInstanceUid, SOPClassUID: instance.sopClassUid }),
      );
    }
    expect(gcs.created.length).toBe(seen.size);
  });

  it('stores a spliced output (its head, then the rest of the received file) byte for byte, with its MD5 checked', async () => {
    const seen = new Set<string>();
    for (const sample of sendableOutgoing()) {
      const instance = splicedOutgoing(sample, join(work, 'spliced'));
      const name = gcsObjectName('spliced/', instance);
      if (seen.has(name)) continue;
      seen.add(name);
      await destination.send(instance, target({ prefix: 'spliced/' }));
      const stored = gcs.object(BUCKET, name)?.bytes as Buffer;
      const bytes = readFileSync(sample.path);
      expect(stored.subarray(readPart10Layout(stored).datasetOffset).equals(bytes.subarray(sample.datasetOffset))).toBe(
        true,
      );
      if (bytes.subarray(128, 132).toString('latin1') === 'DICM') expect(stored.equals(bytes)).toBe(true);
    }
    expect(seen.size).toBeGreaterThan(20);
  });

  it('counts an existing object with the same MD5 as delivered (412), and refuses to overwrite other content', async () => {
    const instance = outgoing('ct-explicit-le.dcm');
    const name = gcsObjectName('again', instance);
    await destination.send(instance, target({ prefix: 'again' }));
    const before = gcs.created.length;
    await expect(destination.send(instance, target({ prefix: 'again' }))).resolves.toEqual({
      detail: expect.stringContaining('already existed with the same MD5'),
    });
    expect(gcs.created.length).toBe(before);
    const other: OutgoingInstance = {
      ...outgoing('mr-implicit-le.dcm'),
      sopInstanceUid: instance.sopInstanceUid,
      studyInstanceUid: instance.studyInstanceUid,
      seriesInstanceUid: instance.seriesInstanceUid,
    };
    const err = await destination.send(other, target({ prefix: 'again' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({
      permanent: true,
      message: expect.stringContaining('already exists with different content'),
    });
    expect(gcs.object(BUCKET, name)?.bytes.equals(readFileSync(instance.path))).toBe(true);
  });

  it('fails a 503 as retryable; the retry stores the object once', async () => {
    const instance = outgoing('ct-explicit-le.dcm');
    gcs.failNext(1, 503);
    const err = await destination.send(instance, target({ prefix: 'flaky' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ permanent: false });
    await destination.send(instance, target({ prefix: 'flaky' }));
    expect(gcs.created.filter((n) => n.startsWith('flaky/'))).toHaveLength(1);
  });

  it('sends a large object as a resumable upload', async () => {
    const base = outgoing('ct-explicit-le.dcm');
    const path = join(work, 'large.dcm');
    writeFileSync(path, Buffer.concat([readFileSync(base.path), Buffer.alloc(9 * 1024 * 1024, 7)]));
    await destination.send({ ...base, path }, target({ prefix: 'large' }));
    const stored = gcs.object(BUCKET, gcsObjectName('large', base));
    expect(
      createHash('sha256')
        .update(stored?.bytes ?? Buffer.alloc(0))
        .digest('hex'),
    ).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
  });

  it('probes: a readable bucket, a missing bucket, a backend without a bucket', async () => {
    await expect(destination.probe(target())).resolves.toMatchObject({ ok: true, step: 'bucket' });
    await expect(destination.probe(target({ bucket: 'no-such-bucket' }))).resolves.toMatchObject({
      ok: false,
      step: 'bucket',
      message: expect.stringContaining('404'),
    });
    await expect(destination.probe(target({ bucket: '' }))).resolves.toMatchObject({ ok: false, step: 'config' });
  });
});
