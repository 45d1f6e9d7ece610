import { DeliveryErrorClass } from '@axiom/domain';
import { httpErrorClass } from '../delivery-error-class';
import { DeliveryError, OutgoingInstance } from '../destination';
import { HttpAnswer, HttpTransportError, answerExcerpt, httpCall } from '../http/http-client';
import { Part10Source, part10Source } from '../http/part10-source';
import { describeFailureReason, isTransientFailureReason, readStowAnswer } from './stow-answer';
import { stowBody } from './stow-body';
import { BatchOutcome, StudyBatcher } from './study-batcher';

export interface StowSettings {
  /** Instances of one study sent in one request, at most. */
  maxInstancesPerRequest: number;
  /** Bytes of one request, at most (a single larger instance still goes, alone). */
  maxBytesPerRequest: number;
  /** One request, connect to the last byte of the answer. */
  timeoutMs: number;
}

export const DEFAULT_STOW_SETTINGS: StowSettings = {
  maxInstancesPerRequest: 50,
  maxBytesPerRequest: 64 * 1024 * 1024,
  timeoutMs: 120_000,
};

export type Delivered = { detail: string };

/** Where a STOW-RS request goes and how it authenticates; one per storage backend. */
export interface StowEndpoint {
  /** Names the peer in messages (no credentials). */
  label: string;
  /** The `.../studies` URL the instances are POSTed to. */
  studiesUrl: string;
  /** Authentication headers, asked for each request. */
  authHeaders(): Promise<Record<string, string>>;
  /** The peer refused our credentials (401/403); true when fresh ones are worth one more try. */
  credentialsRejected?(): boolean;
  /** What a 409 means for an instance the peer did not store (Google: it may already be there). */
  resolveConflict?(instance: OutgoingInstance, why: string): Promise<Delivered>;
}

interface Item {
  endpoint: StowEndpoint;
  instance: OutgoingInstance;
  source: Part10Source;
}

/**
 * STOW-RS (PS3.18 10.5) to an origin server. Instances of one study that wait for the same
 * destination go in one request (see StudyBatcher); each caller learns its own instance's
 * outcome from the answer: delivered only when listed in 00081199, refused with its reason when
 * in 00081198. 5xx, 408, 429, timeouts and connection errors are retryable; any other 4xx but
 * 409 is permanent, with the server's words.
 */
export class StowClient {
  private readonly batcher: StudyBatcher<Item, Delivered>;

  constructor(private readonly settings: StowSettings) {
    this.batcher = new StudyBatcher(
      { maxItems: settings.maxInstancesPerRequest, maxBytes: settings.maxBytesPerRequest },
      (_key, items) => this.sendBatch(items),
    );
  }

  async send(destinationId: number, endpoint: StowEndpoint, instance: OutgoingInstance): Promise<Delivered> {
    let source: Part10Source;
    try {
      source = await part10Source(instance);
    } catch (err) {
      throw new DeliveryError(`cannot read ${instance.path}: ${(err as Error).message}`, false, DeliveryErrorClass.Io);
    }
    const key = `${destinationId}|${endpoint.studiesUrl}|${instance.studyInstanceUid ?? instance.sopInstanceUid}`;
    return this.batcher.submit(key, { endpoint, instance, source }, { id: instance.sopInstanceUid, size: source.size });
  }

  /** GET with the endpoint's authentication (probes and conflict checks). */
  async get(endpoint: StowEndpoint, url: string, accept: string, maxAnswerBytes?: number): Promise<HttpAnswer> {
    return httpCall({
      method: 'GET',
      url,
      headers: { Accept: accept, ...(await endpoint.authHeaders()) },
      timeoutMs: this.settings.timeoutMs,
      maxAnswerBytes,
    });
  }

  private async post(endpoint: StowEndpoint, items: Item[]): Promise<HttpAnswer> {
    const body = stowBody(items.map((i) => i.source));
    return httpCall({
      method: 'POST',
      url: endpoint.studiesUrl,
      body: body.open(),
      timeoutMs: this.settings.timeoutMs,
      headers: {
        'Content-Type': body.contentType,
        'Content-Length': String(body.length),
        Accept: 'application/dicom+json',
        ...(await endpoint.authHeaders()),
      },
    });
  }

  private async sendBatch(items: Item[]): Promise<BatchOutcome<Delivered>[]> {
    const endpoint = (items[0] as Item).endpoint;
    let answer: HttpAnswer;
    try {
      answer = await this.post(endpoint, items);
      if ((answer.status === 401 || answer.status === 403) && endpoint.credentialsRejected?.())
        answer = await this.post(endpoint, items);
    } catch (err) {
      const message = err instanceof HttpTransportError ? err.message : `${endpoint.label}: ${(err as Error).message}`;
      throw new DeliveryError(`STOW-RS to ${message}`);
    }
    if (items.length > 1 && isRequestRefusal(answer.status)) {
      // one bad instance can make a server refuse the whole request (400, 413): each goes alone, so only it
      // fails; what the answer lists as stored is not sent again
      const stored = readStowAnswer(answer.body)?.stored ?? new Set<string>();
      const alone: BatchOutcome<Delivered>[] = [];
      for (const item of items) {
        if (stored.has(item.instance.sopInstanceUid)) {
          alone.push({
            ok: true,
            value: { detail: `${endpoint.label}: stored (HTTP ${answer.status} for its request)` },
          });
          continue;
        }
        alone.push(
          ...(await this.sendBatch([item]).catch((error: Error): BatchOutcome<Delivered>[] => [{ ok: false, error }])),
        );
      }
      return alone;
    }
    return Promise.all(
      items.map((item) =>
        this.outcome(endpoint, item.instance, answer).then(
          (value): BatchOutcome<Delivered> => ({ ok: true, value }),
          (error: Error): BatchOutcome<Delivered> => ({ ok: false, error }),
        ),
      ),
    );
  }

  private async outcome(endpoint: StowEndpoint, instance: OutgoingInstance, answer: HttpAnswer): Promise<Delivered> {
    const uid = instance.sopInstanceUid;
    const status = answer.status;
    const said = `${endpoint.label} answered HTTP ${status}`;
    if (status >= 500 || status === 408 || status === 429)
      throw new DeliveryError(`${said}: ${answerExcerpt(answer)}`, false, httpErrorClass(status));
    const isSuccess = status >= 200 && status < 300;
    const parsed = readStowAnswer(answer.body);
    const reason = parsed?.failed.has(uid) ? (parsed.failed.get(uid) ?? null) : undefined;
    if (!isSuccess && status !== 409) {
      throw new DeliveryError(
        `${said}: ${reason === undefined ? answerExcerpt(answer) : `${uid} refused, ${describeFailureReason(reason)}`}`,
        true,
        DeliveryErrorClass.PeerStatus,
      );
    }
    if (parsed?.stored.has(uid)) return { detail: `${endpoint.label}: stored (HTTP ${status})` };
    if (status === 409 && endpoint.resolveConflict) {
      return endpoint.resolveConflict(
        instance,
        reason === undefined ? said : `${said}, ${describeFailureReason(reason)}`,
      );
    }
    if (reason !== undefined)
      throw new DeliveryError(
        `${endpoint.label} refused ${uid}: ${describeFailureReason(reason)}`,
        !isTransientFailureReason(reason),
        DeliveryErrorClass.PeerStatus,
      );
    if (!parsed)
      throw new DeliveryError(
        `${said} without a DICOM JSON answer: ${answerExcerpt(answer)}`,
        status === 409,
        DeliveryErrorClass.PeerStatus,
      );
    throw new DeliveryError(`${said} but did not list ${uid} as stored`, status === 409, DeliveryErrorClass.PeerStatus);
  }
}

/** A 4xx about the request as a whole (not auth, not a conflict): worth sending its instances one by one. */
function isRequestRefusal(status: number): boolean {
  return status >= 400 && status < 500 && ![401, 403, 408, 409, 429].includes(status);
}

/** The first part of a multipart/related answer, or the body itself when it is not multipart. */
export function firstPart(answer: HttpAnswer): Buffer {
  const type = String(answer.headers['content-type'] ?? '');
  const m = /boundary="?([^";]+)"?/i.exec(type);
  if (!/^multipart\//i.test(type) || !m) return answer.body;
  const delimiter = Buffer.from(`--${m[1]}`, 'latin1');
  const start = answer.body.indexOf(delimiter);
  if (start < 0) return answer.body.subarray(0, 0);
  const headersEnd = answer.body.indexOf('\r\n\r\n', start);
  if (headersEnd < 0) return answer.body.subarray(0, 0);
  const end = answer.body.indexOf(Buffer.from(`\r\n--${m[1]}`, 'latin1'), headersEnd + 4);
  return answer.body.subarray(headersEnd + 4, end < 0 ? answer.body.length : end);
}
