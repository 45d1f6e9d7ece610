import { Transform, TransformCallback } from 'node:stream';
import type { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ApiException, ErrorCode } from '@axiom/contracts';
import { DicomFile } from '@axiom/dicom-io';
import { MultipartError, MultipartPart, readMultipart } from '@axiom/dicomweb';
import { SourceType } from '@axiom/domain';
import { IngestService } from '@axiom/feature-ingest';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { IncomingSpoolWriter, SpoolFullError, SpoolService } from '@axiom/spool';
import { StowAnswer, StowPartResult, partResultOf, stowAnswerOf } from './stow-outcome';
import { isDicomPart, stowBoundaryOf } from './stow-media-type';

/**
 * Parts of one request being validated and recorded while the next ones stream in: they share
 * the ledger's group commits. Past this many, the body waits (its sender with it).
 */
const INGESTS_IN_FLIGHT = 8;

export interface StowRequest {
  /** The request body, streamed. */
  body: Readable;
  contentType: string | undefined;
  /** From the URL: every instance must belong to this study. */
  studyInstanceUid?: string;
  peerAddress: string | null;
}

class PartTooLargeError extends Error {}

/**
 * STOW-RS (PS3.18 10.5): each part of a multipart/related body is streamed into the spool
 * (fdatasynced), then handed to the same ingest as C-STORE. The answer is built only once every
 * part's ingest resolved, so a stored instance is durably kept before the sender hears of it.
 */
@Injectable()
export class StowService implements OnModuleInit {
  private readonly logger = new Logger('StowRs');

  constructor(
    private readonly ingest: IngestService,
    private readonly spool: SpoolService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The api app has no listener to make the spool's folders: this route needs them too. */
  async onModuleInit(): Promise<void> {
    await this.spool.init();
  }

  async store(request: StowRequest): Promise<StowAnswer> {
    const boundary = stowBoundaryOf(request.contentType);
    const results: Promise<StowPartResult>[] = [];
    const inFlight = new Set<Promise<StowPartResult>>();
    let bodyBroken = false;
    try {
      await readMultipart(request.body, boundary, async (part) => {
        // resolves once the part's bytes are all handed to the disk; its fdatasync and ingest go on
        // while the next part streams in (bounded), so the syncs of one request overlap
        const result = await this.receivePart(part, request);
        results.push(result.kept);
        inFlight.add(result.kept);
        void result.kept.then(() => inFlight.delete(result.kept));
        if (inFlight.size >= INGESTS_IN_FLIGHT) await Promise.race(inFlight);
      });
    } catch (err) {
      await Promise.all(results);
      if (!(err instanceof MultipartError)) throw err;
      if (results.length === 0)
        throw new ApiException(ErrorCode.BadRequest, `not a valid multipart body: ${err.message}`);
      this.logger.warn(
        `from ${request.peerAddress ?? '?'}: the body broke after ${results.length} parts: ${err.message}`,
      );
      bodyBroken = true;
    }
    if (results.length === 0) throw new ApiException(ErrorCode.BadRequest, 'the multipart body holds no part');
    const answer = stowAnswerOf(await Promise.all(results), bodyBroken);
    for (const r of await Promise.all(results)) {
      if ('refused' in r && r.refused !== 'invalid')
        this.logger.warn(`refused from ${request.peerAddress ?? '?'} (${r.refused}): ${r.detail}`);
    }
    return answer;
  }

  /**
   * Streams one part into a spool file. Resolves when the part's body was read to its end, with
   * `kept`: the part's result once its file is durable (fdatasync) and ingested, or its refusal.
   * Rejects when the request body itself broke in this part (bad multipart, sender gone).
   */
  private async receivePart(part: MultipartPart, request: StowRequest): Promise<{ kept: Promise<StowPartResult> }> {
    const refused = (result: StowPartResult): { kept: Promise<StowPartResult> } => ({ kept: Promise.resolve(result) });
    if (!isDicomPart(part.contentType)) {
      part.body.resume();
      return refused({
        refused: 'part_type',
        detail: `a part of type ${part.contentType ?? '?'} is not application/dicom`,
      });
    }
    let writer: IncomingSpoolWriter;
    try {
      await this.spool.ensureSpace(); // below the free-space floor, not a byte is written
      writer = this.spool.createIncoming();
    } catch (err) {
      part.body.resume();
      if (err instanceof SpoolFullError) return refused({ refused: 'spool_full', detail: err.message });
      return refused({ refused: 'spool_write', detail: `spool unavailable: ${(err as Error).message}` });
    }
    const durable = pipeline(part.body, byteLimit(this.config.limits.maxObjectBytes), writer);
    durable.catch(() => undefined); // observed below
    // settles for a body that already ended or broke while the free-space check was awaited too
    // (listeners attached only now would wait for an event that has been emitted already)
    const readToEnd = await finished(part.body, { writable: false }).then(
      () => true,
      () => part.body.readableEnded,
    );
    const failed = async (err: unknown): Promise<StowPartResult> => {
      await writer.discard();
      if (err instanceof PartTooLargeError) return { refused: 'too_large', detail: err.message };
      return { refused: 'spool_write', detail: `spool unavailable: ${(err as Error).message}` };
    };
    if (!readToEnd) {
      const err = await durable.then(
        () => null,
        (e: unknown) => e,
      );
      // the body itself broke: the reader reports that for the whole request
      if (err instanceof MultipartError || request.body.errored) {
        await writer.discard();
        throw err;
      }
      return refused(await failed(err ?? new Error('the part ended early')));
    }
    return {
      kept: durable.then(
        () => this.keep(writer.path, request),
        (err: unknown) => failed(err),
      ),
    };
  }

  /** A durable spool file: checked against the URL's study, then ingested. */
  private async keep(path: string, request: StowRequest): Promise<StowPartResult> {
    if (request.studyInstanceUid) {
      const refusal = await this.otherStudy(path, request.studyInstanceUid);
      if (refusal) return refusal;
    }
    return this.ingestPart(path, request);
  }

  /** A refusal when the spooled part is a readable instance of another study than the URL's (an unreadable one is left to ingest). */
  private async otherStudy(path: string, studyInstanceUid: string): Promise<StowPartResult | null> {
    const file = await DicomFile.readHeader(path, { limits: this.config.limits }).catch(() => null);
    if (!file) return null;
    const id = file.identity();
    if (id.studyInstanceUid === studyInstanceUid) return null;
    await this.spool.remove(path);
    return {
      refused: 'study_mismatch',
      detail: `instance ${id.sopInstanceUid ?? '?'} belongs to study ${id.studyInstanceUid ?? '(none)'}, not ${studyInstanceUid}`,
      sopClassUid: id.sopClassUid,
      sopInstanceUid: id.sopInstanceUid,
    };
  }

  private async ingestPart(tempPath: string, request: StowRequest): Promise<StowPartResult> {
    try {
      return partResultOf(
        await this.ingest.ingest({
          tempPath,
          sourceType: SourceType.StowRs,
          sourceName: SourceType.StowRs,
          peerAddress: request.peerAddress,
        }),
      );
    } catch (err) {
      await this.spool.remove(tempPath);
      return { refused: 'unavailable', detail: `ingest failed: ${(err as Error).message}` };
    }
  }
}

/** Passes bytes through until more than `max` went by, then fails with a PartTooLargeError. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      seen += chunk.length;
      if (seen > max) callback(new PartTooLargeError(`the part is larger than AXIOM_MAX_OBJECT_BYTES (${max} bytes)`));
      else callback(null, chunk);
    },
  });
}
