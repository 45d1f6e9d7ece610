import { readPart10Layout } from '@axiom/dicom-io';
import { DestinationType } from '@axiom/domain';
import { configOf } from './destination-config';
import { DeliveryError, DestinationAdapter, Destination, OutgoingInstance, ProbeResult } from './destination';
import { GoogleTokenSource } from './google/google-token';
import { answerExcerpt } from './http/http-client';
import { readDataset } from './outgoing-bytes';
import { Delivered, StowClient, StowEndpoint, firstPart } from './stow/stow-client';
import { probeDicomweb, urlLabel } from './stow-rs.destination';

export const HEALTHCARE_SCOPE = 'https://www.googleapis.com/auth/cloud-healthcare';
/** Largest stored instance fetched to compare after a 409. */
const MAX_COMPARE_BYTES = 512 * 1024 * 1024;

export interface GoogleHealthcareSettings {
  /** GOOGLE_HEALTHCARE_BASE_URL, e.g. https://healthcare.googleapis.com/v1 */
  baseUrl: string;
}

/** The data set bytes of a Part 10 file (what "the same content" means; meta headers differ by writer). */
function datasetBytes(part10: Buffer): Buffer {
  return part10.subarray(readPart10Layout(part10).datasetOffset);
}

/**
 * A Cloud Healthcare DICOM store: the STOW-RS adapter at
 * `{base}/projects/{p}/locations/{l}/datasets/{d}/dicomStores/{s}/dicomWeb/studies`, with an
 * OAuth access token (scope cloud-healthcare) for the backend's service account, or Application
 * Default Credentials. A 409 for an instance that is already stored with the same data set
 * counts as delivered; with other content it fails permanently, saying so.
 */
export class GoogleHealthcareAdapter implements DestinationAdapter {
  readonly type = DestinationType.GoogleHealthcare;
  private readonly tokens = new GoogleTokenSource([HEALTHCARE_SCOPE]);

  constructor(
    private readonly client: StowClient,
    private readonly settings: GoogleHealthcareSettings,
  ) {}

  send(instance: OutgoingInstance, target: Destination): Promise<Delivered> {
    return this.client.send(target.id, this.endpoint(target), instance);
  }

  async probe(target: Destination): Promise<ProbeResult> {
    let endpoint: StowEndpoint;
    try {
      endpoint = this.endpoint(target);
      await endpoint.authHeaders();
    } catch (err) {
      return {
        ok: false,
        step: err instanceof DeliveryError && err.permanent ? 'config' : 'token',
        message: (err as Error).message,
      };
    }
    return probeDicomweb(this.client, endpoint);
  }

  /** The DICOMweb root of the backend's store. */
  dicomWebUrl(target: Destination): string {
    const c = configOf(target, DestinationType.GoogleHealthcare);
    const seg = encodeURIComponent;
    return (
      `${this.settings.baseUrl.replace(/\/+$/, '')}/projects/${seg(c.gcp_project_id)}/locations/${seg(c.gcp_location)}` +
      `/datasets/${seg(c.gcp_dataset_id)}/dicomStores/${seg(c.gcp_dicom_store_id)}/dicomWeb`
    );
  }

  private endpoint(target: Destination): StowEndpoint {
    const key = configOf(target, DestinationType.GoogleHealthcare).service_account_json;
    const url = `${this.dicomWebUrl(target)}/studies`;
    const endpoint: StowEndpoint = {
      label: urlLabel(url),
      studiesUrl: url,
      authHeaders: async () => {
        try {
          return { Authorization: `Bearer ${await this.tokens.token(key)}` };
        } catch (err) {
          throw new DeliveryError(`storage backend "${target.name}": ${(err as Error).message}`);
        }
      },
      credentialsRejected: () => {
        this.tokens.forget(key);
        return true;
      },
      resolveConflict: (instance, why) => this.resolveConflict(endpoint, instance, why),
    };
    return endpoint;
  }

  /** After a 409: fetch what the store holds under the SOP Instance UID and compare data sets. */
  private async resolveConflict(endpoint: StowEndpoint, instance: OutgoingInstance, why: string): Promise<Delivered> {
    const { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: sop } = instance;
    if (!study || !series)
      throw new DeliveryError(`${why}, and ${sop} has no study or series UID to look it up by`, true);
    const url = `${endpoint.studiesUrl}/${study}/series/${series}/instances/${sop}`;
    let stored: Buffer;
    try {
      const answer = await this.client.get(
        endpoint,
        url,
        'multipart/related; type="application/dicom"; transfer-syntax=*',
        MAX_COMPARE_BYTES,
      );
      if (answer.status !== 200) throw new Error(`WADO-RS answered HTTP ${answer.status}: ${answerExcerpt(answer)}`);
      stored = datasetBytes(firstPart(answer));
    } catch (err) {
      throw new DeliveryError(`${why}; cannot read the stored ${sop} to compare: ${(err as Error).message}`);
    }
    const ours = await readDataset(instance);
    if (stored.equals(ours))
      return { detail: `${endpoint.label}: ${sop} was already stored with the same content (HTTP 409)` };
    throw new DeliveryError(
      `${endpoint.label} already holds ${sop} with different content (${stored.length} vs ${ours.length} data set bytes): not overwritten`,
      true,
    );
  }
}
