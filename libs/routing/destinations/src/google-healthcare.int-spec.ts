import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readPart10Layout } from '@axiom/dicom-io';
import { DestinationType } from '@axiom/domain';
import { Destination, OutgoingInstance } from './destination';
import { GoogleHealthcareAdapter, HEALTHCARE_SCOPE } from './google-healthcare.destination';
import { StowClient } from './stow/stow-client';
import { freeLocalPort, outgoing } from './testing/cstore-peers';
import { DicomwebFront } from './testing/dicomweb-front';
import { GoogleTokenEndpoint } from './testing/google-token-endpoint';
import { ORTHANC_REFUSED_SAMPLES, OrthancPeer, startOrthancPeer } from './testing/orthanc-peer';
import { outgoingFile, sameStudyCopies, sendableOutgoing } from './testing/outgoing-samples';

jest.setTimeout(120_000);

const STORE = {
  gcp_project_id: 'demo-axiom',
  gcp_location: 'europe-west4',
  gcp_dataset_id: 'imaging',
  gcp_dicom_store_id: 'routed',
};
const ROOT = `/v1/projects/${STORE.gcp_project_id}/locations/${STORE.gcp_location}/datasets/${STORE.gcp_dataset_id}/dicomStores/${STORE.gcp_dicom_store_id}/dicomWeb/`;

function datasetOf(bytes: Buffer): Buffer {
  return bytes.subarray(readPart10Layout(bytes).datasetOffset);
}

describe('GoogleHealthcareAdapter: a local token endpoint and Orthanc laid out as a Cloud Healthcare DICOM store', () => {
  let work: string;
  let orthanc: OrthancPeer;
  let front: DicomwebFront;
  const tokens = new GoogleTokenEndpoint();
  let destination: GoogleHealthcareAdapter;
  let target: (key?: string) => Destination;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'axiom-ghc-spec-'));
    await tokens.start();
    orthanc = await startOrthancPeer({
      dir: join(work, 'orthanc'),
      httpPort: await freeLocalPort(),
      dicomPort: await freeLocalPort(),
      dicomWebRoot: ROOT,
    });
    front = new DicomwebFront({
      upstream: orthanc.origin,
      acceptsBearer: (t) => tokens.isValid(t, HEALTHCARE_SCOPE),
      conflictOnExisting: true,
    });
    await front.start();
    destination = new GoogleHealthcareAdapter(
      new StowClient({ maxInstancesPerRequest: 50, maxBytesPerRequest: 64 * 1024 * 1024, timeoutMs: 20_000 }),
      { baseUrl: `${front.origin}/v1` },
    );
    target = (key = tokens.serviceAccountJson()) => ({
      id: 21,
      name: 'healthcare',
      backendType: DestinationType.GoogleHealthcare,
      config: { ...STORE },
      credentials: { service_account_json: key },
    });
  });

  afterAll(async () => {
    await front?.stop();
    await orthanc?.stop();
    await tokens.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("Orthanc refuses the store's path without a bearer token (the Lua filter)", async () => {
    expect((await fetch(`${orthanc.origin}${ROOT}studies`)).status).toBe(403);
  });

  it("delivers every sample the store can file with one cached token from the key's token_uri", async () => {
    const seen = new Set<string>();
    const samples = sendableOutgoing().filter((s) => !seen.has(s.sopInstanceUid) && seen.add(s.sopInstanceUid));
    const results = await Promise.allSettled(samples.map((s) => destination.send(s, target())));
    const refused: string[] = [];
    for (const [i, r] of results.entries()) {
      const s = samples[i] as OutgoingInstance;
      if (r.status === 'rejected') {
        expect(r.reason).toMatchObject({ permanent: true });
        refused.push(basename(s.path));
        continue;
      }
      const stored = await orthanc.storedFile(s.sopInstanceUid);
      expect(stored && datasetOf(stored).equals(readFileSync(s.path).subarray(s.datasetOffset))).toBe(true);
    }
    expect(refused.sort()).toEqual([...ORTHANC_REFUSED_SAMPLES].sort());
    expect(tokens.granted).toBe(1);
  });

  it('counts a 409 for the same content as delivered, and fails one for other content, sending nothing twice', async () => {
    const [a] = sameStudyCopies(join(work, 'conflict'), 'ct-explicit-le.dcm', 1) as [OutgoingInstance];
    await destination.send(a, target());
    await expect(destination.send(a, target())).resolves.toEqual({
      detail: expect.stringContaining('already stored with the same content'),
    });
    const other = outgoingFile(join(work, 'conflict', 'copy-0.dcm'));
    const different: OutgoingInstance = {
      ...outgoing('mr-implicit-le.dcm'),
      sopInstanceUid: other.sopInstanceUid,
      studyInstanceUid: other.studyInstanceUid,
      seriesInstanceUid: other.seriesInstanceUid,
    };
    await expect(destination.send(different, target())).rejects.toMatchObject({
      permanent: true,
      message: expect.stringContaining('with different content'),
    });
    expect(front.forwarded.filter((u) => u === a.sopInstanceUid)).toHaveLength(1);
  });

  it('gets a new token when the store says the cached one expired, and delivers once', async () => {
    const [b] = sameStudyCopies(join(work, 'expiry'), 'mr-implicit-le.dcm', 1) as [OutgoingInstance];
    const before = tokens.granted;
    tokens.expireAll();
    await destination.send(b, target());
    expect(tokens.granted).toBe(before + 1);
    expect(front.forwarded.filter((u) => u === b.sopInstanceUid)).toHaveLength(1);
  });

  it('retries a 503 and names the token step when the key is not one the endpoint knows', async () => {
    const [c] = sameStudyCopies(join(work, 'flaky'), 'ct-explicit-le.dcm', 1) as [OutgoingInstance];
    front.failNext(1, 503);
    await expect(destination.send(c, target())).rejects.toMatchObject({ permanent: false });
    await destination.send(c, target());
    expect(front.forwarded.filter((u) => u === c.sopInstanceUid)).toHaveLength(1);
    await expect(destination.probe(target())).resolves.toMatchObject({ ok: true, step: 'qido' });
    const stranger = new GoogleTokenEndpoint();
    const foreignKey = JSON.stringify({ ...JSON.parse(stranger.serviceAccountJson()), token_uri: tokens.tokenUri });
    await expect(destination.probe(target(foreignKey))).resolves.toMatchObject({
      ok: false,
      step: 'token',
      message: expect.stringContaining('invalid_grant'),
    });
  });
});
