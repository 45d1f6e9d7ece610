import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { boundaryOf } from '../multipart/media-type';
import { MultipartPartHandler, readMultipart } from '../multipart/multipart-reader';
import { DicomwebAuth, DicomwebEndpoint, authHeaders, joinUrl, printableUrl } from './endpoint';
import { DicomJsonObject, WADO_ACCEPTS, firstValue, hasNextPage, refusesAccept, splitUrlCredentials } from './quirks';

/** A DICOMweb request that failed: the server's status (null when it never answered) and what happened. */
export class DicomwebRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'DicomwebRequestError';
  }
}

export interface InstanceRef {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
}

/** Results asked for per QIDO-RS page. */
const PAGE_SIZE = 200;
/** Study attributes asked for besides the defaults: the counts that show a study grew. */
const STUDY_FIELDS = ['00080020', '00080030', '00201206', '00201208'];

/**
 * A QIDO-RS (search) and WADO-RS (retrieve) client for one DICOMweb origin. Searches walk every
 * page (limit/offset); a retrieval streams the multipart/related answer part by part, so an
 * instance is never held in memory. Every request is bounded by the endpoint's timeout (for a
 * retrieval: the wait for the answer and each wait for more bytes) and by the caller's signal.
 */
export class QidoWadoClient {
  private readonly base: string;
  private readonly auth: DicomwebAuth;

  constructor(private readonly endpoint: DicomwebEndpoint) {
    const split = splitUrlCredentials(endpoint.baseUrl);
    this.base = split.url;
    this.auth = endpoint.auth.type === 'none' && split.basic ? { type: 'basic', ...split.basic } : endpoint.auth;
  }

  /** Studies matching the filters (QIDO parameters as keywords or tags), every page. */
  studies(filters: Record<string, string>, signal: AbortSignal): AsyncIterable<DicomJsonObject> {
    return this.search('studies', { ...filters }, '0020000D', signal, STUDY_FIELDS);
  }

  async series(studyInstanceUid: string, signal: AbortSignal): Promise<DicomJsonObject[]> {
    return collect(this.search(`studies/${encodeURIComponent(studyInstanceUid)}/series`, {}, '0020000E', signal));
  }

  async instances(
    studyInstanceUid: string,
    seriesInstanceUid: string,
    signal: AbortSignal,
  ): Promise<DicomJsonObject[]> {
    const path = `studies/${encodeURIComponent(studyInstanceUid)}/series/${encodeURIComponent(seriesInstanceUid)}/instances`;
    return collect(this.search(path, {}, '00080018', signal));
  }

  /** WADO-RS of one instance; each part of the answer goes to `onPart` as it streams in. */
  async retrieveInstance(ref: InstanceRef, onPart: MultipartPartHandler, signal: AbortSignal): Promise<void> {
    const path = `studies/${encodeURIComponent(ref.studyInstanceUid)}/series/${encodeURIComponent(ref.seriesInstanceUid)}/instances/${encodeURIComponent(ref.sopInstanceUid)}`;
    const url = joinUrl(this.base, this.endpoint.wadoPrefix, path);
    const idle = new AbortController();
    const combined = AbortSignal.any([signal, idle.signal]);
    let timer = setTimeout(() => idle.abort(), this.endpoint.timeoutMs);
    const touch = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), this.endpoint.timeoutMs);
    };
    try {
      let res: Response | null = null;
      for (const accept of WADO_ACCEPTS) {
        res = await this.fetch(url, accept, combined);
        if (!refusesAccept(res.status)) break;
        await res.body?.cancel();
      }
      if (!res || !res.ok || !res.body) throw await failure('WADO-RS', url, res);
      const body = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
      body.on('data', touch);
      await readMultipart(body, boundaryOf(res.headers.get('content-type') ?? ''), onPart);
    } catch (err) {
      throw asRequestError('WADO-RS', url, err, idle.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  private async *search(
    path: string,
    params: Record<string, string>,
    keyTag: string,
    signal: AbortSignal,
    includeFields: string[] = [],
  ): AsyncIterable<DicomJsonObject> {
    const listed = new Set<string>();
    for (let offset = 0; ;) {
      const query = new URLSearchParams(params);
      for (const field of includeFields) query.append('includefield', field);
      query.set('limit', String(PAGE_SIZE));
      query.set('offset', String(offset));
      const url = `${joinUrl(this.base, this.endpoint.qidoPrefix, path)}?${query.toString()}`;
      const page = await this.searchPage(url, signal);
      const keys = page.map((obj) => firstValue(obj, keyTag) ?? '');
      if (!hasNextPage(keys, listed)) return;
      for (let i = 0; i < page.length; i++) {
        const key = keys[i] ?? '';
        if (key === '' || listed.has(key)) continue;
        listed.add(key);
        yield page[i] as DicomJsonObject;
      }
      offset += page.length;
    }
  }

  private async searchPage(url: string, signal: AbortSignal): Promise<DicomJsonObject[]> {
    const bounded = AbortSignal.any([signal, AbortSignal.timeout(this.endpoint.timeoutMs)]);
    try {
      const res = await this.fetch(url, 'application/dicom+json, application/json', bounded);
      if (res.status === 204) return [];
      if (!res.ok) throw await failure('QIDO-RS', url, res);
      const body = (await res.json()) as unknown;
      if (!Array.isArray(body))
        throw new DicomwebRequestError(
          `QIDO-RS ${printableUrl(url)} answered something other than a JSON array`,
          res.status,
        );
      return body as DicomJsonObject[];
    } catch (err) {
      throw asRequestError('QIDO-RS', url, err, bounded.aborted && !signal.aborted);
    }
  }

  private fetch(url: string, accept: string, signal: AbortSignal): Promise<Response> {
    return fetch(url, { headers: { Accept: accept, ...authHeaders(this.auth) }, signal, redirect: 'follow' });
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function failure(what: string, url: string, res: Response | null): Promise<DicomwebRequestError> {
  if (!res) return new DicomwebRequestError(`${what} ${printableUrl(url)}: no answer`, null);
  await res.body?.cancel().catch(() => undefined);
  return new DicomwebRequestError(
    `${what} ${printableUrl(url)} answered ${res.status} ${res.statusText}`.trim(),
    res.status,
  );
}

function asRequestError(what: string, url: string, err: unknown, timedOut: boolean): Error {
  if (err instanceof DicomwebRequestError) return err;
  if (timedOut) return new DicomwebRequestError(`${what} ${printableUrl(url)}: no answer within the timeout`, null);
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'AbortError') return e;
  const cause = e.cause?.code ?? e.cause?.message;
  return new DicomwebRequestError(`${what} ${printableUrl(url)}: ${e.message}${cause ? ` (${cause})` : ''}`, null);
}
