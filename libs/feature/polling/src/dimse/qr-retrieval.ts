import {
  CGetReceiver,
  IncomingFile,
  IncomingFiles,
  QrClient,
  RetrieveRequest,
  RetrieveResult,
  StoreStatus,
  describeStatus,
  qrStatusText,
} from '@axiom/dicom-dimse';
import type { IngestDetails, IngestSink, RetrievalReport } from '../source-driver';

export interface RetrievalOutcome {
  operation: 'C-MOVE' | 'C-GET';
  result: RetrieveResult;
  /** The peer as `AE@host:port`. */
  peer: string;
  /** C-MOVE: where the instances were to go. */
  destination?: string;
}

/** The final status and sub-operation counts of a C-MOVE or C-GET, as the source row shows them. */
export function describeRetrieval(o: RetrievalOutcome): string {
  const c = o.result.counts;
  const counts = `sub-operations completed ${c.completed ?? '?'}, failed ${c.failed ?? '?'}, warning ${c.warning ?? '?'}`;
  const comment = o.result.errorComment ? `: ${o.result.errorComment}` : '';
  return `${o.operation} from ${o.peer}${o.destination ? ` to ${o.destination}` : ''}: status ${describeStatus(o.result.status)} (${qrStatusText(o.result.status)}${comment}); ${counts}`;
}

/** Success means every sub-operation completed and something arrived: a warning or a partial failure is retried next round. */
export function retrievalReport(o: RetrievalOutcome & { processed: number }): RetrievalReport {
  const c = o.result.counts;
  const clean = o.result.status === StoreStatus.Success && (c.failed ?? 0) === 0 && (c.warning ?? 0) === 0;
  if (clean && o.processed > 0) return { processed: o.processed, error: null };
  return {
    processed: o.processed,
    error: clean ? `${describeRetrieval(o)}; no instance arrived` : describeRetrieval(o),
  };
}

/**
 * C-MOVE of one item to our own listener: the instances arrive there (ingested with this source
 * as their source), and the listener answered each only after ingest, so the completed count is
 * what was queued.
 */
export async function retrieveByMove(
  client: QrClient,
  request: RetrieveRequest,
  destination: string,
): Promise<RetrievalReport> {
  try {
    const result = await client.move(request, destination);
    return retrievalReport({
      operation: 'C-MOVE',
      result,
      processed: result.counts.completed ?? 0,
      peer: client.peerName,
      destination,
    });
  } finally {
    await client.release();
  }
}

/** The framework's incoming files as the network layer's port: bytes in order, back-pressure through `pressure`. */
export function incomingFilesOf(sink: IngestSink): IncomingFiles {
  return {
    open(header, pressure): IncomingFile {
      const file = sink.createIncoming();
      const reason = `C-GET ${file.path}`;
      let failure: Error | null = null;
      file.on('error', (err: Error) => {
        failure = err;
      });
      file.on('drain', () => pressure.release(reason));
      const append = (chunk: Buffer): void => {
        if (!file.write(chunk)) pressure.hold(reason);
      };
      append(header);
      return {
        path: file.path,
        append,
        complete: () =>
          new Promise<void>((resolve, reject) => {
            if (failure) return reject(failure);
            file.once('error', reject);
            file.once('finish', () => resolve());
            file.end();
          }).finally(() => pressure.release(reason)),
        discard: () => {
          pressure.release(reason);
          file.discard();
        },
      };
    },
  };
}

/** C-GET of one item: each C-STORE sub-operation goes through ingest and is answered with its outcome. */
export async function retrieveByGet(
  client: QrClient,
  request: RetrieveRequest,
  sink: IngestSink,
  details: IngestDetails,
): Promise<RetrievalReport> {
  const refusals: string[] = [];
  let retryable = false;
  const receiver: CGetReceiver = {
    incoming: incomingFilesOf(sink),
    async store(instance) {
      const outcome = await sink.ingest(instance.tempPath, {
        ...details,
        announced: { sopClassUid: instance.sopClassUid, sopInstanceUid: instance.sopInstanceUid },
      });
      if (outcome.ok) return { status: StoreStatus.Success };
      refusals.push(outcome.reason);
      if (outcome.kind === 'unavailable') retryable = true;
      const status =
        outcome.kind === 'invalid'
          ? StoreStatus.CannotUnderstand
          : outcome.kind === 'mismatch'
            ? StoreStatus.DataSetMismatch
            : StoreStatus.OutOfResources;
      return { status, errorComment: outcome.reason };
    },
  };
  try {
    const result = await client.get(request, receiver);
    const report = retrievalReport({
      operation: 'C-GET',
      result,
      processed: result.stored.length,
      peer: client.peerName,
    });
    // an object ingest refused as invalid stays invalid: record it as seen, show the error
    if (refusals.length > 0)
      return {
        processed: report.processed,
        error: `${report.error ?? 'C-GET'}; refused: ${refusals.join('; ')}`,
        permanent: !retryable,
      };
    return report;
  } finally {
    await client.release();
  }
}
