import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { ApiError, Storage } from '@google-cloud/storage';
import { DeliveryErrorClass, DestinationType } from '@axiom/domain';
import { httpErrorClass } from './delivery-error-class';
import { configOf } from './destination-config';
import { DeliveryError, DestinationAdapter, Destination, OutgoingInstance, ProbeResult } from './destination';
import { Part10Source, part10Md5, part10Source, part10Stream } from './http/part10-source';
import { uidPathSegment } from './path-safety';

/** Objects from this size up go as resumable uploads (one session, data in a PUT); smaller ones as one multipart POST. */
const RESUMABLE_FROM_BYTES = 8 * 1024 * 1024;

function statusOf(err: unknown): number | null {
  const code = (err as ApiError).code;
  return typeof code === 'number' ? code : null;
}

function isRetryable(err: unknown): boolean {
  const status = statusOf(err);
  return status === null || status >= 500 || status === 408 || status === 429;
}

/** `<prefix>/<StudyUID>/<SeriesUID>/<SOPUID>.dcm` (the prefix without its slashes at either end; none when empty). */
export function gcsObjectName(prefix: string | null, instance: OutgoingInstance): string {
  const head = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  const tail = `${uidPathSegment(instance.studyInstanceUid)}/${uidPathSegment(instance.seriesInstanceUid)}/${uidPathSegment(instance.sopInstanceUid)}.dcm`;
  return head === '' ? tail : `${head}/${tail}`;
}

/**
 * Google Cloud Storage through @google-cloud/storage: one object per instance, content type
 * application/dicom, the UIDs as object metadata, created with ifGenerationMatch: 0 so that a
 * retry never overwrites. A 412 (the object exists) counts as delivered when its MD5 equals ours
 * and fails permanently, saying so, when not. STORAGE_EMULATOR_HOST points the client at an emulator.
 */
export class GcsAdapter implements DestinationAdapter {
  readonly type = DestinationType.Gcs;
  private readonly clients = new Map<string, Storage>();

  async send(instance: OutgoingInstance, target: Destination): Promise<{ detail: string }> {
    const config = configOf(target, DestinationType.Gcs);
    const name = gcsObjectName(config.prefix, instance);
    const where = `gs://${config.bucket}/${name}`;
    const file = this.storage(config.service_account_json).bucket(config.bucket).file(name);
    let source: Part10Source;
    try {
      source = await part10Source(instance);
    } catch (err) {
      throw new DeliveryError(`cannot read ${instance.path}: ${(err as Error).message}`, false, DeliveryErrorClass.Io);
    }
    const metadata: Record<string, string> = {
      SOPInstanceUID: instance.sopInstanceUid,
      SOPClassUID: instance.sopClassUid,
    };
    if (instance.studyInstanceUid) metadata['StudyInstanceUID'] = instance.studyInstanceUid;
    if (instance.seriesInstanceUid) metadata['SeriesInstanceUID'] = instance.seriesInstanceUid;
    try {
      await pipeline(
        part10Stream(source),
        file.createWriteStream({
          resumable: source.size >= RESUMABLE_FROM_BYTES,
          contentType: 'application/dicom',
          validation: 'md5',
          metadata: { contentType: 'application/dicom', metadata },
          preconditionOpts: { ifGenerationMatch: 0 },
        }),
      );
      return { detail: `${where} created` };
    } catch (err) {
      const status = statusOf(err);
      if (status !== 412)
        throw new DeliveryError(
          `upload to ${where} failed: ${(err as Error).message}`,
          !isRetryable(err),
          status ? httpErrorClass(status) : undefined,
        );
    }
    return this.alreadyThere(file, source, where);
  }

  async probe(target: Destination): Promise<ProbeResult> {
    let bucketName: string;
    let key: string | null;
    try {
      const config = configOf(target, DestinationType.Gcs);
      bucketName = config.bucket;
      key = config.service_account_json;
    } catch (err) {
      return { ok: false, step: 'config', message: (err as Error).message };
    }
    try {
      await this.storage(key).bucket(bucketName).getMetadata();
      return { ok: true, step: 'bucket', message: `bucket ${bucketName} is readable` };
    } catch (err) {
      const status = statusOf(err);
      const step = status === 401 || status === 403 ? 'auth' : status === null ? 'connect' : 'bucket';
      return {
        ok: false,
        step,
        message: `reading bucket ${bucketName}'s metadata failed${status ? ` (HTTP ${status})` : ''}: ${(err as Error).message}`,
      };
    }
  }

  async close(): Promise<void> {
    this.clients.clear();
  }

  /** The object exists (an earlier attempt made it, or someone else): ours only when the MD5 matches. */
  private async alreadyThere(
    file: ReturnType<ReturnType<Storage['bucket']>['file']>,
    source: Part10Source,
    where: string,
  ): Promise<{ detail: string }> {
    let theirs: string | undefined;
    try {
      [{ md5Hash: theirs }] = await file.getMetadata();
    } catch (err) {
      throw new DeliveryError(
        `${where} exists, and reading its metadata failed: ${(err as Error).message}`,
        !isRetryable(err),
      );
    }
    const ours = await part10Md5(source);
    if (theirs === ours) return { detail: `${where} already existed with the same MD5` };
    throw new DeliveryError(
      `${where} already exists with different content (MD5 ${theirs ?? 'unknown'}, ours ${ours}): not overwritten`,
      true,
    );
  }

  private storage(serviceAccountJson: string | null): Storage {
    const id = serviceAccountJson === null ? 'adc' : createHash('sha256').update(serviceAccountJson).digest('hex');
    let client = this.clients.get(id);
    if (!client) {
      const key =
        serviceAccountJson === null
          ? null
          : (JSON.parse(serviceAccountJson) as { client_email: string; private_key: string; project_id?: string });
      client = new Storage({
        ...(key
          ? { credentials: { client_email: key.client_email, private_key: key.private_key }, projectId: key.project_id }
          : {}),
        // retries belong to the delivery (with backoff and a bounded attempt count), not to the client
        retryOptions: { autoRetry: false },
      });
      this.clients.set(id, client);
    }
    return client;
  }
}
