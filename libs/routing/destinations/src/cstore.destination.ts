import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_MAX_ASSOCIATIONS,
  DimseTlsPaths,
  ScuPeer,
  ScuTlsOptions,
  loadDimseTls,
  StoreAssociation,
  StoreAssociationPool,
  StoreFile,
  StoreLease,
  VERIFICATION_SOP_CLASS_UID,
  describeStatus,
  isStoredStatus,
} from '@axiom/dicom-dimse';
import {
  PixelTranscoder,
  Proposal,
  ProposalPlan,
  TranscodeError,
  parseTransferSyntaxPolicy,
  planProposals,
} from '@axiom/dicom-io';
import { DeliveryErrorClass, DestinationType } from '@axiom/domain';
import { DeliveryError, DestinationAdapter, Destination, OutgoingInstance, ProbeResult } from './destination';
import { copyOutgoing, datasetSource } from './outgoing-bytes';

export interface CstoreSettings {
  idleCloseMs: number;
  /** DICOM TLS for storage backends with tls_enabled: our certificate (optional), the CA, hostname check. */
  tls?: DimseTlsPaths & { verifyHostname: boolean };
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  /** Longest a single conversion may take in the worker before it is abandoned (retryable). */
  transcodeTimeoutMs?: number;
  /** Where converted copies live while they are sent (removed after each send); default: the OS temp folder. */
  transcodeDir?: string;
}

export const MAX_ASSOCIATIONS_LIMIT = 16;

/**
 * Statuses that the same proposal will always get again: 0xA9xx (data set does not match SOP
 * class), 0xCxxx (cannot understand: often a decoder the peer lacks) and 0x0122 (SOP class not
 * supported). Out of resources (0xA7xx) and processing failures stay retryable.
 */
export function isPermanentStoreFailure(status: number): boolean {
  return (status & 0xff00) === 0xa900 || (status & 0xf000) === 0xc000 || status === 0x0122;
}

function maxAssociationsOf(value: unknown): number {
  const n = typeof value === 'number' ? value : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= MAX_ASSOCIATIONS_LIMIT ? n : DEFAULT_MAX_ASSOCIATIONS;
}

interface PreparedFile {
  file: StoreFile;
  note: string | null;
}

/**
 * C-STORE to a remote peer over kept-open associations; success only on the peer's status. When
 * the peer refuses the received transfer syntax, the destination's `transfer_syntax_policy` says
 * what else to propose; conversions are decoded in a worker thread, never on this one.
 */
export class CstoreAdapter implements DestinationAdapter {
  readonly type = DestinationType.Cstore;
  private readonly pool: StoreAssociationPool;
  private readonly transcoder: PixelTranscoder;
  private workDir: Promise<string> | null = null;
  private tls: ScuTlsOptions | undefined;

  constructor(private readonly settings: CstoreSettings) {
    this.pool = new StoreAssociationPool(settings);
    this.transcoder = new PixelTranscoder({ timeoutMs: settings.transcodeTimeoutMs ?? 120_000 });
  }

  async send(instance: OutgoingInstance, target: Destination): Promise<{ detail: string }> {
    const c = target.config;
    const host = String(c['remote_host'] ?? '');
    const port = Number(c['remote_port']);
    const calledAeTitle = String(c['remote_ae_title'] ?? '');
    const callingAeTitle = String(c['local_ae_title'] ?? 'AXIOM_STORE_SCU');
    if (!host || !Number.isInteger(port) || !calledAeTitle)
      throw new DeliveryError(`storage backend "${target.name}" lacks host, port or AE title`, true);
    let plan: ProposalPlan;
    try {
      plan = planProposals(parseTransferSyntaxPolicy(c['transfer_syntax_policy']), instance.transferSyntaxUid);
    } catch (err) {
      throw new DeliveryError(`storage backend "${target.name}": ${(err as Error).message}`, true);
    }
    const peer: ScuPeer = { host, port, callingAeTitle, calledAeTitle, tls: this.tlsFor(target) };
    const where = `${calledAeTitle}@${host}:${port}`;
    if (plan.proposals.length === 0)
      throw new DeliveryError(
        `nothing to propose to ${where}: ${plan.excluded.join('; ')}`,
        true,
        DeliveryErrorClass.TransferSyntaxRefused,
      );
    let lease: StoreLease;
    try {
      const needs = plan.proposals.map((p) => ({
        sopClassUid: instance.sopClassUid,
        transferSyntaxUid: p.transferSyntaxUid,
      }));
      lease = await this.pool.acquire(peer, needs, maxAssociationsOf(c['max_associations']));
    } catch (err) {
      throw new DeliveryError(`C-STORE to ${where} failed: ${(err as Error).message}`);
    }
    try {
      return await this.sendOnLease(lease, instance, plan, where);
    } finally {
      lease.release();
    }
  }

  /** A C-ECHO on an association of its own: the peer is up and takes our AE titles. */
  async probe(target: Destination): Promise<ProbeResult> {
    const c = target.config;
    let tls: ScuTlsOptions | undefined;
    try {
      tls = this.tlsFor(target);
    } catch (err) {
      return { ok: false, step: 'associate', message: (err as Error).message };
    }
    const peer: ScuPeer = {
      host: String(c['remote_host'] ?? ''),
      port: Number(c['remote_port']),
      callingAeTitle: String(c['local_ae_title'] ?? 'AXIOM_STORE_SCU'),
      calledAeTitle: String(c['remote_ae_title'] ?? ''),
      tls,
    };
    const where = `${peer.calledAeTitle}@${peer.host}:${peer.port}`;
    const association = new StoreAssociation(peer, this.settings);
    try {
      await association.open([{ sopClassUid: VERIFICATION_SOP_CLASS_UID, transferSyntaxUid: '1.2.840.10008.1.2' }]);
    } catch (err) {
      association.destroy();
      return { ok: false, step: 'associate', message: `association with ${where} failed: ${(err as Error).message}` };
    }
    try {
      const rsp = await association.echo();
      if (rsp.status !== 0)
        return { ok: false, step: 'echo', message: `${where} answered C-ECHO with ${describeStatus(rsp.status)}` };
      return { ok: true, step: 'echo', message: `${where} answered C-ECHO with success` };
    } catch (err) {
      return { ok: false, step: 'echo', message: `C-ECHO to ${where} failed: ${(err as Error).message}` };
    } finally {
      await association.release();
    }
  }

  /**
   * The TLS options of a tls_enabled backend (read once per process), undefined for a cleartext one.
   * A configuration that cannot work is a permanent failure with what to set, never a cleartext send.
   */
  private tlsFor(target: Destination): ScuTlsOptions | undefined {
    if (target.config['tls_enabled'] !== true) return undefined;
    try {
      const paths = this.settings.tls ?? { certPath: null, keyPath: null, caPath: null, verifyHostname: true };
      this.tls ??= { ...loadDimseTls(paths, false), verifyHostname: paths.verifyHostname };
      return this.tls;
    } catch (err) {
      throw new DeliveryError(`storage backend "${target.name}": ${(err as Error).message}`, true);
    }
  }

  async close(): Promise<void> {
    await this.pool.closeAll();
    await this.transcoder.close();
    const dir = this.workDir;
    this.workDir = null;
    if (dir) await rm(await dir, { recursive: true, force: true });
  }

  /**
   * Tries the accepted proposals in order of preference. A refusal that would repeat (rejected
   * context, permanent status, unconvertible object) moves on to the next proposal; when none is
   * left the failure is permanent, with every reason.
   */
  private async sendOnLease(
    lease: StoreLease,
    instance: OutgoingInstance,
    plan: ProposalPlan,
    where: string,
  ): Promise<{ detail: string }> {
    const reasons: string[] = [];
    for (const proposal of plan.proposals) {
      const need = { sopClassUid: instance.sopClassUid, transferSyntaxUid: proposal.transferSyntaxUid };
      if (!lease.accepts(need)) {
        reasons.push(lease.refusal(need) ?? `${where} did not accept ${proposal.transferSyntaxUid}`);
        continue;
      }
      let prepared: PreparedFile;
      try {
        prepared = await this.prepare(instance, proposal);
      } catch (err) {
        if (err instanceof TranscodeError && err.permanent) {
          reasons.push(`cannot convert to ${proposal.transferSyntaxUid}: ${err.message}`);
          continue;
        }
        throw new DeliveryError(
          `converting for ${where} failed: ${(err as Error).message}`,
          false,
          DeliveryErrorClass.TransferSyntaxRefused,
        );
      }
      try {
        let rsp;
        try {
          rsp = await lease.store(prepared.file);
        } catch (err) {
          throw new DeliveryError(`C-STORE to ${where} failed: ${(err as Error).message}`);
        }
        const status = describeStatus(rsp.status);
        if (isStoredStatus(rsp.status))
          return { detail: [prepared.note, `${where} status ${status}`].filter(Boolean).join('; ') };
        const answer = `${where} answered ${status}${rsp.errorComment ? ` (${rsp.errorComment})` : ''} to ${proposal.transferSyntaxUid}`;
        if (!isPermanentStoreFailure(rsp.status)) throw new DeliveryError(answer, false, DeliveryErrorClass.PeerStatus);
        reasons.push(answer);
      } finally {
        if (prepared.file.path !== instance.path) await rm(prepared.file.path, { force: true });
      }
    }
    // every proposal ended refused: by the peer's status if it answered one, else by the transfer syntaxes
    const peerRefused = reasons.some((r) => r.includes(' answered '));
    throw new DeliveryError(
      [...reasons, ...plan.excluded].join('; '),
      true,
      peerRefused ? DeliveryErrorClass.PeerStatus : DeliveryErrorClass.TransferSyntaxRefused,
    );
  }

  private async prepare(instance: OutgoingInstance, proposal: Proposal): Promise<PreparedFile> {
    const base = { sopClassUid: instance.sopClassUid, sopInstanceUid: instance.sopInstanceUid };
    if (!proposal.conversion)
      return {
        file: { ...base, ...datasetSource(instance), transferSyntaxUid: instance.transferSyntaxUid },
        note: null,
      };
    this.workDir ??= mkdtemp(join(this.settings.transcodeDir ?? tmpdir(), 'axiom-transcode-'));
    const workDir = await this.workDir;
    const outputPath = join(workDir, `${randomUUID()}.dcm`);
    // the transcoder reads a whole file: a spliced output is written out for it first
    const inputPath = instance.splice ? join(workDir, `${randomUUID()}.in.dcm`) : instance.path;
    try {
      if (instance.splice) await copyOutgoing(instance, inputPath, 0o600);
      const result = await this.transcoder.transcode({
        inputPath,
        outputPath,
        targetTransferSyntaxUid: proposal.transferSyntaxUid,
      });
      const changes = result.changes.length > 0 ? ` (${result.changes.join(', ')})` : '';
      return {
        file: {
          ...base,
          path: outputPath,
          datasetOffset: result.datasetOffset,
          transferSyntaxUid: proposal.transferSyntaxUid,
        },
        note: `transcoded ${result.sourceTransferSyntaxUid} -> ${result.targetTransferSyntaxUid}${changes}`,
      };
    } catch (err) {
      await rm(outputPath, { force: true });
      throw err;
    } finally {
      if (inputPath !== instance.path) await rm(inputPath, { force: true });
    }
  }
}
