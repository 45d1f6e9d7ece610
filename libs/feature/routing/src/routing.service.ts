import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { StructuredLogger, metrics } from '@axiom/observability';
import { loadMorphSecret } from '@axiom/secrets';
import { DicomFile, spliceOffset, writeSplicedFile } from '@axiom/dicom-io';
import { InstanceState, Messages, TagModification } from '@axiom/domain';
import { InstanceEntity, LedgerRepository, OutputFacts, PlannedDelivery, RoutingConfigStore } from '@axiom/persistence';
import { MessagePublisher, PoisonMessageError } from '@axiom/messaging';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { applyModifications, evaluateRulesets, needsWholeDataset } from '@axiom/rule-engine';
import { SpoolHeaders, SpoolService } from '@axiom/spool';
import { RoutingRefusedError, assertKeyedActionsHaveSecret } from './keyed-actions.guard';
import { RulesetLoaderService } from './ruleset-loader.service';

interface PlannedOutput {
  key: string;
  facts: OutputFacts;
  changes: unknown[];
  warnings: string[];
}

/** Deliveries published per query when an instance's pending ones are (re)published. */
const PUBLISH_BATCH = 1000;
/** How long the set of disabled destinations is reused. */
const DISABLED_CACHE_MS = 1000;
/**
 * A morphed output whose new start (preamble, meta, header up to the pixel data) is at most this
 * long is kept in its delivery rows, spliced onto the received file; a longer one (an object
 * without pixel data, morphed whole) is written as a file of its own.
 */
const SPLICE_HEAD_MAX = 64 * 1024;

/**
 * instance.received -> rules -> one output per distinct morphing -> delivery rows -> publish.
 *
 * Each attempt is counted on the instance row before any work starts, so an attempt that kills
 * the process (a heap exhausted by a rule, say) counts too: past ROUTING_MAX_ATTEMPTS the
 * instance is quarantined instead of crash-looping the router on every restart. The header is
 * read once; each delivery row carries its output's own facts, so the sender parses nothing.
 */
@Injectable()
export class RoutingService {
  private readonly logger = new StructuredLogger('Routing');
  private disabled: { at: number; ids: Set<number> } | null = null;
  private readonly morphSecret: string | undefined;

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly storageBackends: RoutingConfigStore,
    private readonly loader: RulesetLoaderService,
    private readonly publisher: MessagePublisher,
    private readonly spool: SpoolService,
    private readonly headers: SpoolHeaders,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.morphSecret = loadMorphSecret(config);
    headers.accept(); // ingest in this process hands over the headers it checked
  }

  async route(instanceId: number): Promise<void> {
    const instance = await this.ledger.findInstance(instanceId);
    if (!instance) throw new PoisonMessageError(`instance ${instanceId} does not exist`);
    if (instance.state !== InstanceState.Received) {
      // a redelivery after the routing committed: make sure its deliveries are on their way
      await this.publishPending(instanceId);
      return;
    }
    const max = this.config.routing.maxAttempts;
    const begun = instance.routingAttempts;
    if (begun >= max) {
      await this.quarantine(
        instance,
        `routing was begun ${begun} times without finishing (the process died or the attempts failed)${instance.errorMessage ? `; last error: ${instance.errorMessage}` : ''}`,
      );
      return;
    }
    if (!(await this.ledger.beginRoutingAttempt(instance.id))) return; // routed meanwhile by another consumer
    const attempt = begun + 1;
    try {
      await this.routeOnce(instance);
    } catch (err) {
      if (err instanceof PoisonMessageError) throw err;
      const reason = (err as Error).message;
      if (err instanceof RoutingRefusedError) {
        await this.ledger.recordUnroutable(instance.id, InstanceState.Error, reason);
        this.logger.error(`instance ${instance.id}: ${reason}`, {
          instance_id: instance.id,
          sop_instance_uid: instance.sopInstanceUid,
          source: instance.sourceName,
        });
        metrics.instancesRouted.inc({ result: 'refused' });
        return;
      }
      if (attempt >= max) {
        await this.quarantine(instance, `routing failed ${attempt} times; last error: ${reason}`);
        return;
      }
      await this.ledger.recordRoutingFailure(instance.id, `routing attempt ${attempt} failed: ${reason}`);
      throw err; // the message is retried
    }
  }

  private async quarantine(instance: InstanceEntity, reason: string): Promise<void> {
    await this.ledger.recordUnroutable(instance.id, InstanceState.Quarantined, reason);
    this.logger.error(`instance ${instance.id} quarantined: ${reason}`, {
      instance_id: instance.id,
      sop_instance_uid: instance.sopInstanceUid,
      source: instance.sourceName,
    });
    metrics.instancesRouted.inc({ result: 'quarantined' });
  }

  private async routeOnce(instance: InstanceEntity): Promise<void> {
    let file: DicomFile;
    try {
      // rules read the header only (the one ingest checked, when it ran in this process); the
      // whole file is read only if a rule must see every element
      const held = this.headers.take(instance.spoolPath);
      file = held ? DicomFile.parse(held, { headerOnly: true }) : await DicomFile.readHeader(instance.spoolPath);
    } catch (err) {
      await this.ledger.recordUnroutable(
        instance.id,
        InstanceState.Error,
        `cannot read spooled file: ${(err as Error).message}`,
      );
      this.logger.error(`instance ${instance.id}: cannot read ${instance.spoolPath}: ${(err as Error).message}`, {
        instance_id: instance.id,
        source: instance.sourceName,
      });
      return;
    }
    const rulesets = await this.loader.loadActiveForRouting();
    const { matches } = evaluateRulesets(rulesets, file, {
      sourceName: instance.sourceName,
      callingAeTitle: instance.callingAeTitle,
      calledAeTitle: instance.calledAeTitle,
      peerAddress: instance.peerAddress,
    });
    assertKeyedActionsHaveSecret(matches, this.morphSecret);
    const planned: { destinationId: number; ruleId: number; output: PlannedOutput }[] = [];
    const outputs = new Map<string, PlannedOutput>();
    let whole: DicomFile | null = null;
    const wholeFile = async () => (whole ??= await DicomFile.read(instance.spoolPath, { headerOnly: true }));
    for (const match of matches) {
      if (match.destinationIds.length === 0) continue;
      const output = await this.outputFor(instance, file, wholeFile, match.tagModifications, outputs);
      for (const destinationId of match.destinationIds) planned.push({ destinationId, ruleId: match.ruleId, output });
    }
    const disabled = await this.disabledDestinations(planned.map((d) => d.destinationId));
    // one row per (destination, output); a redelivered message finds them there (unique key)
    const deliveries = new Map<string, PlannedDelivery>(
      planned.map((d) => [
        `${d.destinationId}|${d.output.key}`,
        {
          storageBackendId: d.destinationId,
          ruleId: d.ruleId,
          outputKey: d.output.key,
          output: d.output.facts,
          held: disabled.has(d.destinationId),
        },
      ]),
    );
    await this.ledger.recordRouted({
      instanceId: instance.id,
      state: planned.length > 0 ? InstanceState.Routed : InstanceState.NoRoute,
      matchedRules: matches.map((m) => ({
        ruleset_id: m.rulesetId,
        rule_id: m.ruleId,
        destination_ids: m.destinationIds,
      })),
      morphing: [...outputs.values()].map((o) => ({ output_key: o.key, changes: o.changes, warnings: o.warnings })),
      deliveries: [...deliveries.values()],
    });
    metrics.instancesRouted.inc({ result: planned.length > 0 ? 'routed' : 'unrouted' });
    if (planned.length === 0 && !this.config.keepUnrouted) await this.spool.remove(instance.spoolPath);
    await this.publishPending(instance.id);
  }

  /**
   * Destinations that are disabled (paused) now: their deliveries are recorded as held. Read at
   * most once a second (a burst of instances asks each time); a delivery recorded pending in
   * that second is held by the sender, which checks the destination again before sending.
   */
  private async disabledDestinations(ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    if (!this.disabled || Date.now() - this.disabled.at > DISABLED_CACHE_MS) {
      this.disabled = { at: Date.now(), ids: new Set(await this.storageBackends.disabledBackendIds()) };
    }
    const disabled = this.disabled.ids;
    return new Set(ids.filter((id) => disabled.has(id)));
  }

  /** The output for a list of modifications: computed once per distinct list per instance. */
  private async outputFor(
    instance: InstanceEntity,
    header: DicomFile,
    wholeFile: () => Promise<DicomFile>,
    mods: TagModification[],
    outputs: Map<string, PlannedOutput>,
  ): Promise<PlannedOutput> {
    const key = mods.length === 0 ? '' : createHash('sha256').update(JSON.stringify(mods)).digest('hex').slice(0, 16);
    const known = outputs.get(key);
    if (known) return known;
    let planned: PlannedOutput = { key: '', facts: factsOf(instance.spoolPath, header), changes: [], warnings: [] };
    if (key !== '') {
      // the header read serves unless an action must see every element: the output is then that read
      // morphed, followed by the rest of the spooled file, streamed (a 1 GB object never enters memory)
      const source = needsWholeDataset(mods) || spliceOffset(header) === null ? await wholeFile() : header;
      const result = applyModifications(source, mods, {
        uidSecret: this.morphSecret,
        dateShiftSecret: this.morphSecret,
      });
      if (result.changed && result.output) {
        // the output's own UIDs (a de-identified file carries new ones), from its new bytes
        const morphed = DicomFile.parse(result.output, { headerOnly: true });
        const sourceOffset = spliceOffset(source);
        let facts: OutputFacts;
        if (sourceOffset !== null && result.output.length <= SPLICE_HEAD_MAX) {
          // kept as its new start in the delivery rows (durable in their commit) plus the received
          // file from the splice point: no second copy of the pixel data written, synced and removed
          facts = { ...factsOf(instance.spoolPath, morphed), splice: { head: result.output, sourceOffset } };
        } else {
          const path = this.spool.outputPath(instance.id, key);
          if (sourceOffset === null) await this.spool.writeDurably(path, result.output);
          else
            await writeSplicedFile({
              head: result.output,
              sourcePath: instance.spoolPath,
              sourceOffset,
              outputPath: path,
              ...this.config.files,
            });
          facts = factsOf(path, morphed);
        }
        planned = { key, facts, changes: result.changes, warnings: result.warnings };
      } else {
        planned = { ...planned, warnings: result.warnings };
      }
    }
    outputs.set(key, planned);
    return planned;
  }

  private async publishPending(instanceId: number): Promise<void> {
    const pending = await this.ledger.pendingDeliveryIds({ instanceId }, PUBLISH_BATCH);
    for (const id of pending) await this.publisher.publish(Messages.DeliveryRequested, { deliveryId: id });
  }
}

/** What a sender needs of one output file: its own UIDs (the file meta first), syntax and data set offset. */
function factsOf(path: string, file: DicomFile): OutputFacts {
  const ids = file.identity();
  const sopInstanceUid = file.layout.meta.mediaStorageSopInstanceUid || ids.sopInstanceUid;
  const sopClassUid = file.layout.meta.mediaStorageSopClassUid || ids.sopClassUid;
  if (!sopInstanceUid || !sopClassUid) throw new RoutingRefusedError(`${path} has no SOP Class or SOP Instance UID`);
  return {
    path,
    sopInstanceUid,
    sopClassUid,
    transferSyntaxUid: file.layout.transferSyntaxUid,
    datasetOffset: file.layout.datasetOffset,
    studyInstanceUid: ids.studyInstanceUid ?? null,
    seriesInstanceUid: ids.seriesInstanceUid ?? null,
  };
}
