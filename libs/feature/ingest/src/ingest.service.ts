import { readFile, stat } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import {
  DicomFile,
  DicomLimitError,
  DicomParseError,
  ReadLimits,
  buildPart10Header,
  checkObjectSize,
} from '@axiom/dicom-io';
import { Messages, type RefusalCode, SourceType } from '@axiom/domain';
import { LedgerRepository } from '@axiom/persistence';
import { MessagePublisher } from '@axiom/messaging';
import { StructuredLogger, metrics } from '@axiom/observability';
import { SpoolHeaders, SpoolService } from '@axiom/spool';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { FileBuffers } from './file-buffers';

/**
 * Objects up to this size are read whole and checked structurally to their last byte; larger ones
 * (multi-frames) are checked up to the pixel data from a partial read, so memory stays flat.
 */
const FULL_CHECK_LIMIT = 64 * 1024 * 1024;

export interface IngestRequest {
  tempPath: string;
  sourceType: SourceType;
  sourceName: string;
  callingAeTitle?: string | null;
  calledAeTitle?: string | null;
  peerAddress?: string | null;
  /** UIDs the sender announced (C-STORE command); checked against the data set. */
  announced?: { sopClassUid?: string; sopInstanceUid?: string };
  /**
   * The temp file's fsync when it still runs (the C-STORE SCP hands the file over once its bytes
   * are written): the checks and the ledger row go on meanwhile; the file enters the spool, and
   * the outcome is ok, only after it.
   */
  durable?: Promise<void>;
  /**
   * The temp file's bytes when they are still in memory (the slices written): checked there, not
   * read back. Lent until `ingest` settles (the listener reuses the memory): nothing may keep them.
   */
  bytes?: readonly Buffer[];
}

export type IngestOutcome =
  | { ok: true; instanceId: number; sopInstanceUid: string; sopClassUid: string; warnings: string[] }
  /** `kind`: a code of the domain's refusal table (`REFUSAL_ANSWERS`), which gives its DIMSE and HTTP answers. */
  | {
      ok: false;
      kind: `${RefusalCode.Invalid | RefusalCode.Mismatch | RefusalCode.Unavailable}`;
      reason: string;
      sopInstanceUid?: string;
      sopClassUid?: string;
    };

/**
 * The one way in, for every source: validate -> spool (durable) -> record -> publish (confirmed).
 * Only an `ok` outcome may be acknowledged to the sender.
 */
@Injectable()
export class IngestService {
  private readonly logger = new StructuredLogger('Ingest');
  private readonly buffers = new FileBuffers();

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly spool: SpoolService,
    private readonly headers: SpoolHeaders,
    private readonly publisher: MessagePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get limits(): ReadLimits {
    return this.config.limits;
  }

  async ingest(req: IngestRequest): Promise<IngestOutcome> {
    const outcome = await this.ingestOnce(req);
    const fields = {
      source: req.sourceName,
      sop_instance_uid: outcome.sopInstanceUid,
      calling_ae: req.callingAeTitle ?? undefined,
      peer: req.peerAddress ?? undefined,
    };
    if (outcome.ok) {
      metrics.instancesReceived.inc({ source: req.sourceName });
      this.logger.debug('received', { ...fields, instance_id: outcome.instanceId });
    } else {
      metrics.instancesRejected.inc({ source: req.sourceName, reason: outcome.kind });
      this.logger.warn(`refused (${outcome.kind}): ${outcome.reason}`, fields);
    }
    return outcome;
  }

  private async ingestOnce(req: IngestRequest): Promise<IngestOutcome> {
    try {
      // below the spool's free-space floor nothing is kept: the sender is told to try again later
      await this.spool.ensureSpace();
    } catch (err) {
      await this.spool.remove(req.tempPath);
      return { ok: false, kind: 'unavailable', reason: (err as Error).message, ...req.announced };
    }
    let file: DicomFile;
    let size: number;
    try {
      size = req.bytes ? req.bytes.reduce((n, b) => n + b.length, 0) : (await stat(req.tempPath)).size;
      checkObjectSize(size, this.limits);
      // small objects are checked whole in a reused buffer and only their header kept (the rest of
      // the way needs no more, and a 0.5 MB allocation per instance would feed the GC)
      const check = (bytes: Buffer): DicomFile =>
        DicomFile.parse(bytes, { limits: this.limits }).headerCopy({ limits: this.limits });
      if (req.bytes) file = this.buffers.useSlices(req.bytes, size, check);
      else if (size > FULL_CHECK_LIMIT) file = await DicomFile.readHeader(req.tempPath, { limits: this.limits });
      else file = await this.buffers.use(req.tempPath, size, check);
    } catch (err) {
      const reason = refusalReason(err);
      await this.spool.quarantine(req.tempPath, reason);
      return { ok: false, kind: 'invalid', reason, ...req.announced };
    }
    // tolerated oddities (e.g. a legacy VR on a sequence) go to the instance's log
    for (const warning of file.warnings)
      this.logger.warn(`from ${describe(req)}: ${warning}`, { source: req.sourceName });
    const id = file.identity();
    const sopInstanceUid = id.sopInstanceUid || req.announced?.sopInstanceUid;
    const sopClassUid = id.sopClassUid || req.announced?.sopClassUid;
    if (!sopInstanceUid || !sopClassUid) {
      const reason = 'the data set has no SOP Class UID or SOP Instance UID';
      await this.spool.quarantine(req.tempPath, reason);
      return { ok: false, kind: 'invalid', reason, ...req.announced };
    }
    if (req.announced?.sopClassUid && id.sopClassUid && id.sopClassUid !== req.announced.sopClassUid) {
      const reason = `data set SOP Class ${id.sopClassUid} does not match the announced ${req.announced.sopClassUid}`;
      await this.spool.quarantine(req.tempPath, reason);
      return { ok: false, kind: 'mismatch', reason, sopInstanceUid, sopClassUid };
    }

    let spoolPath: string;
    let nameDurable: Promise<void>;
    let datasetOffset = file.layout.datasetOffset;
    let rewritten = false;
    try {
      if (
        file.layout.meta.mediaStorageSopInstanceUid !== sopInstanceUid ||
        file.layout.meta.mediaStorageSopClassUid !== sopClassUid
      ) {
        // the sender announced other UIDs than the data set holds: the file meta follows the data set
        const header = buildPart10Header({
          sopClassUid,
          sopInstanceUid,
          transferSyntaxUid: file.transferSyntaxUid,
          sourceAeTitle: file.layout.meta.sourceApplicationEntityTitle,
        });
        datasetOffset = header.length;
        rewritten = true;
        await req.durable; // the rewrite replaces the file: the first one's fsync ends first
        const rewrite = Buffer.concat([header, (await readFile(req.tempPath)).subarray(file.layout.datasetOffset)]);
        await this.spool.writeDurably(req.tempPath, rewrite);
        size = rewrite.length; // the row tells the size of the file the spool holds
      }
      ({ path: spoolPath, durable: nameDurable } = await this.spool.commit(req.tempPath, req.durable));
    } catch (err) {
      await req.durable?.catch(() => undefined);
      await this.spool.remove(req.tempPath);
      return {
        ok: false,
        kind: 'unavailable',
        reason: `spool unavailable: ${(err as Error).message}`,
        sopInstanceUid,
        sopClassUid,
      };
    }

    let instanceId: number;
    try {
      // resolves once the commit that holds this row is durable (group commit with other instances)
      instanceId = await this.ledger.recordReceived({
        sourceType: req.sourceType,
        sourceName: req.sourceName,
        callingAeTitle: req.callingAeTitle ?? null,
        calledAeTitle: req.calledAeTitle ?? null,
        peerAddress: req.peerAddress ?? null,
        studyInstanceUid: id.studyInstanceUid ?? null,
        seriesInstanceUid: id.seriesInstanceUid ?? null,
        sopInstanceUid,
        sopClassUid,
        ...searchFields(file),
        transferSyntaxUid: file.transferSyntaxUid,
        datasetOffset,
        spoolPath,
        sizeBytes: size,
      });
    } catch (err) {
      await nameDurable.catch(() => undefined);
      await this.removeEither(req.tempPath, spoolPath);
      return {
        ok: false,
        kind: 'unavailable',
        reason: `database unavailable: ${(err as Error).message}`,
        sopInstanceUid,
        sopClassUid,
      };
    }
    try {
      // the file's fsync, its rename and the spool folder's fsync ran while the row committed
      await nameDurable;
    } catch (err) {
      await this.ledger.discardUnacknowledged(instanceId).catch(() => undefined);
      await this.removeEither(req.tempPath, spoolPath);
      return {
        ok: false,
        kind: 'unavailable',
        reason: `spool unavailable: ${(err as Error).message}`,
        sopInstanceUid,
        sopClassUid,
      };
    }

    // routing in this process takes the header checked here instead of reading the file back
    if (!rewritten) this.headers.hold(spoolPath, file.file);
    try {
      await this.publisher.publish(Messages.InstanceReceived, { instanceId });
    } catch (err) {
      // not acknowledged, so not kept: the sender will retry
      this.headers.drop(spoolPath);
      await this.ledger.discardUnacknowledged(instanceId).catch(() => undefined);
      await this.spool.remove(spoolPath);
      return {
        ok: false,
        kind: 'unavailable',
        reason: `broker unavailable: ${(err as Error).message}`,
        sopInstanceUid,
        sopClassUid,
      };
    }
    return { ok: true, instanceId, sopInstanceUid, sopClassUid, warnings: file.warnings };
  }

  /** A file that failed on its way into the spool is at one of its two names. */
  private async removeEither(tempPath: string, spoolPath: string): Promise<void> {
    await this.spool.remove(tempPath);
    await this.spool.remove(spoolPath);
  }
}

/** Patient ID, Patient Name and Accession Number for searching the ledger (first value, bounded to the columns). */
function searchFields(file: DicomFile): {
  patientId: string | null;
  patientName: string | null;
  accessionNumber: string | null;
} {
  const first = (tag: number, max: number): string | null => file.string(tag)?.trim().slice(0, max) || null;
  return {
    patientId: first(0x00100020, 64),
    patientName: first(0x00100010, 256),
    accessionNumber: first(0x00080050, 64),
  };
}

function refusalReason(err: unknown): string {
  if (err instanceof DicomLimitError) return `object too large: ${err.message}`;
  if (err instanceof DicomParseError) return `malformed DICOM: ${err.message}`;
  return `unreadable upload: ${(err as Error).message}`;
}

function describe(req: IngestRequest): string {
  return `${req.sourceName}${req.callingAeTitle ? ` (${req.callingAeTitle}@${req.peerAddress ?? '?'})` : ''}`;
}
