import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HEALTHCARE_SCOPE } from '@axiom/destinations';
import {
  DicomwebFront,
  FakeGcs,
  GoogleTokenEndpoint,
  OrthancPeer,
  startOrthancPeer,
} from '@axiom/destinations/testing';
import { freePorts } from '@axiom/testing';

export const BUCKET = 'axiom-e2e';
export const STOW_USER = { username: 'router', password: 'e2e-stow-secret' };
export const STORE = {
  gcp_project_id: 'demo-axiom',
  gcp_location: 'europe-west4',
  gcp_dataset_id: 'imaging',
  gcp_dicom_store_id: 'routed',
};
export const STORE_ROOT = `/v1/projects/${STORE.gcp_project_id}/locations/${STORE.gcp_location}/datasets/${STORE.gcp_dataset_id}/dicomStores/${STORE.gcp_dicom_store_id}/dicomWeb/`;

/**
 * The three cloud destinations' peers, shared by both modes: Orthanc as a STOW-RS origin server
 * (basic auth) behind a fault-injecting front; a second Orthanc laid out as a Cloud Healthcare
 * DICOM store behind a front that checks bearer tokens with the local token endpoint and answers
 * 409 for instances already held; an in-memory GCS.
 */
export interface CloudPeers {
  tokens: GoogleTokenEndpoint;
  stow: OrthancPeer;
  stowFront: DicomwebFront;
  healthcare: OrthancPeer;
  healthcareFront: DicomwebFront;
  gcs: FakeGcs;
  /** The environment pointing the router at the stand-ins. */
  env: Record<string, string>;
  /** Empties the stores and forgets what the fronts saw (between the two modes). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCloudPeers(work: string): Promise<CloudPeers> {
  mkdirSync(work, { recursive: true });
  const [a, b, c, d] = (await freePorts(4)) as [number, number, number, number];
  const tokens = new GoogleTokenEndpoint();
  await tokens.start();
  const stow = await startOrthancPeer({
    dir: join(work, 'orthanc-stow'),
    httpPort: a,
    dicomPort: b,
    basicAuth: STOW_USER,
  });
  const healthcare = await startOrthancPeer({
    dir: join(work, 'orthanc-healthcare'),
    httpPort: c,
    dicomPort: d,
    dicomWebRoot: STORE_ROOT,
  });
  let stowFront = new DicomwebFront({ upstream: stow.origin });
  let healthcareFront = new DicomwebFront({
    upstream: healthcare.origin,
    acceptsBearer: (t) => tokens.isValid(t, HEALTHCARE_SCOPE),
    conflictOnExisting: true,
  });
  await stowFront.start();
  await healthcareFront.start();
  const gcs = new FakeGcs();
  await gcs.start();
  gcs.createBucket(BUCKET);
  const peers: CloudPeers = {
    tokens,
    stow,
    stowFront,
    healthcare,
    healthcareFront,
    gcs,
    env: { STORAGE_EMULATOR_HOST: gcs.origin, GOOGLE_HEALTHCARE_BASE_URL: `${healthcareFront.origin}/v1` },
    reset: async () => {
      await Promise.all([stow.clear(), healthcare.clear()]);
      // fresh fronts on the same ports: their records start empty
      const ports = [Number(new URL(stowFront.origin).port), Number(new URL(healthcareFront.origin).port)];
      await Promise.all([stowFront.stop(), healthcareFront.stop()]);
      stowFront = new DicomwebFront({ upstream: stow.origin });
      healthcareFront = new DicomwebFront({
        upstream: healthcare.origin,
        acceptsBearer: (t) => tokens.isValid(t, HEALTHCARE_SCOPE),
        conflictOnExisting: true,
      });
      await stowFront.start(ports[0]);
      await healthcareFront.start(ports[1]);
      peers.stowFront = stowFront;
      peers.healthcareFront = healthcareFront;
      gcs.buckets.set(BUCKET, new Map());
      gcs.created.length = 0;
    },
    stop: async () => {
      await Promise.all([peers.stowFront.stop(), peers.healthcareFront.stop(), gcs.stop(), tokens.stop()]);
      await Promise.all([stow.stop(), healthcare.stop()]);
    },
  };
  return peers;
}

/** The storage backends of the suite, as the API takes them. */
export function cloudBackends(
  peers: CloudPeers,
  prefix: string,
): Record<'stow' | 'healthcare' | 'gcs', Record<string, unknown>> {
  return {
    stow: {
      name: 'orthanc-stow',
      backend_type: 'stow_rs',
      base_url: `${peers.stowFront.origin}/dicom-web/`,
      auth_type: 'basic',
      auth_config: { ...STOW_USER },
    },
    healthcare: {
      name: 'healthcare',
      backend_type: 'google_healthcare',
      ...STORE,
      service_account_json: peers.tokens.serviceAccountJson(),
    },
    gcs: { name: 'gcs', backend_type: 'gcs', bucket: BUCKET, prefix },
  };
}
