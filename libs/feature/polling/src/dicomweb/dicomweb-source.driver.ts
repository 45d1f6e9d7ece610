import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { QidoWadoClient, authOf, firstValue, studyChangeTime, studySignature } from '@axiom/dicomweb';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import type {
  IngestSink,
  PollContext,
  RetrievalItem,
  RetrievalReport,
  SourceDriver,
  StudyCandidate,
} from '../source-driver';

/**
 * DICOMweb sources: QIDO-RS at study level with the row's search_filters (every page), series
 * and instances of new or changed studies, and WADO-RS of each instance (the stored bytes,
 * streamed part by part into the spool), each through the same ingest as C-STORE.
 */
@Injectable()
export class DicomwebSourceDriver implements SourceDriver<'dicomweb'> {
  readonly kind = 'dicomweb' as const;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async *listStudies(ctx: PollContext<'dicomweb'>): AsyncIterable<StudyCandidate> {
    for await (const study of this.client(ctx).studies(ctx.source.searchFilters ?? {}, ctx.signal)) {
      const studyInstanceUid = firstValue(study, '0020000D');
      if (!studyInstanceUid) continue;
      yield { studyInstanceUid, changedAt: studyChangeTime(study), signature: studySignature(study) };
    }
  }

  async listItems(ctx: PollContext<'dicomweb'>, study: StudyCandidate): Promise<RetrievalItem[]> {
    const client = this.client(ctx);
    const items: RetrievalItem[] = [];
    for (const series of await client.series(study.studyInstanceUid, ctx.signal)) {
      const seriesInstanceUid = firstValue(series, '0020000E');
      if (!seriesInstanceUid) continue;
      for (const instance of await client.instances(study.studyInstanceUid, seriesInstanceUid, ctx.signal)) {
        const sopInstanceUid = firstValue(instance, '00080018');
        if (sopInstanceUid)
          items.push({
            key: sopInstanceUid,
            studyInstanceUid: study.studyInstanceUid,
            seriesInstanceUid,
            sopInstanceUid,
            signature: null,
          });
      }
    }
    return items;
  }

  async retrieve(ctx: PollContext<'dicomweb'>, item: RetrievalItem, sink: IngestSink): Promise<RetrievalReport> {
    const ref = {
      studyInstanceUid: item.studyInstanceUid,
      seriesInstanceUid: item.seriesInstanceUid ?? '',
      sopInstanceUid: item.sopInstanceUid ?? '',
    };
    let processed = 0;
    const refused: string[] = [];
    let retryable = false;
    await this.client(ctx).retrieveInstance(
      ref,
      async (part) => {
        const file = sink.createIncoming();
        try {
          await pipeline(part.body, file);
        } catch (err) {
          file.discard();
          throw err;
        }
        const outcome = await sink.ingest(file.path, { announced: { sopInstanceUid: ref.sopInstanceUid } });
        if (outcome.ok) processed++;
        else {
          refused.push(outcome.reason);
          if (outcome.kind === 'unavailable') retryable = true;
        }
      },
      ctx.signal,
    );
    if (refused.length > 0) return { processed, error: refused.join('; '), permanent: !retryable };
    return { processed, error: processed === 0 ? 'the WADO-RS answer held no instance' : null };
  }

  private client(ctx: PollContext<'dicomweb'>): QidoWadoClient {
    const { source } = ctx;
    return new QidoWadoClient({
      baseUrl: source.baseUrl,
      qidoPrefix: source.qidoPrefix,
      wadoPrefix: source.wadoPrefix,
      auth: authOf(source.authType, ctx.credentials),
      timeoutMs: this.config.polling.requestTimeoutMs,
    });
  }
}
