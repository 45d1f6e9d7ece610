import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { loadMorphSecret } from '@axiom/auth';
import { DicomFile } from '@axiom/dicom-io';
import { DeliveryStatus, InstanceState, Messages, TagModification } from '@axiom/domain';
import { DeliveryEntity, InstanceEntity, StorageBackendEntity } from '@axiom/persistence';
import { MessagePublisher, PoisonMessageError } from '@axiom/messaging';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { applyModifications, evaluateRulesets } from '@axiom/rule-engine';
import { SpoolService } from '@axiom/spool';
import { RoutingRefusedError, assertKeyedActionsHaveSecret } from './keyed-actions.guard';
import { RulesetLoaderService } from './ruleset-loader.service';

interface PlannedOutput {
  key: string;
  path: string;
  changes: unknown[];
  warnings: string[];
}

/**
 * instance.received -> rules -> one output per distinct morphing -> delivery rows -> publish.
 *
 * Each attempt is counted on the instance row before any work starts, so an attempt that kills
 * the process (a heap exhausted by a rule, say) counts too: past ROUTING_MAX_ATTEMPTS the
 * instance is quarantined instead of crash-looping the router on every restart.
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger('Routing');
  private readonly morphSecret: string | undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loader: RulesetLoaderService,
    private readonly publisher: MessagePublisher,
    private readonly writer: SpoolService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.morphSecret = loadMorphSecret(config);
  }

  async route(instanceId: number): Promise<void> {
    const instances = this.db.getRepository(InstanceEntity);
    const instance = await instances.findOneBy({ id: instanceId });
    if (!instance) throw new PoisonMessageError(`instance ${instanceId} does not exist`);
    if (instance.state !== InstanceState.Received) {
      // a redelivery after the routing committed: make sure its deliveries are on their way
      await this.publishPending(instanceId);
      return;
    }
    const max = this.config.routing.maxAttempts;
    const begun = instance.routingAttempts;
    if (begun >= max) {
      await this.quarantine(instance, `routing was begun ${begun} times without finishing (the process died or the attempts failed)${instance.errorMessage ? `; last error: ${instance.errorMessage}` : ''}`);
      return;
    }
    await instances.increment({ id: instance.id, state: InstanceState.Received }, 'routingAttempts', 1);
    const attempt = begun + 1;
    try {
      await this.routeOnce(instance);
    } catch (err) {
      if (err instanceof PoisonMessageError) throw err;
      const reason = (err as Error).message;
      if (err instanceof RoutingRefusedError) {
        await instances.update({ id: instance.id, state: InstanceState.Received }, { state: InstanceState.Error, errorMessage: reason });
        this.logger.error(`instance ${instance.id}: ${reason}`);
        return;
      }
      if (attempt >= max) {
        await this.quarantine(instance, `routing failed ${attempt} times; last error: ${reason}`);
        return;
      }
      await instances.update({ id: instance.id, state: InstanceState.Received }, { errorMessage: `routing attempt ${attempt} failed: ${reason}`.slice(0, 2000) });
      throw err; // the message is retried
    }
  }

  private async quarantine(instance: InstanceEntity, reason: string): Promise<void> {
    await this.db.getRepository(InstanceEntity).update({ id: instance.id, state: InstanceState.Received }, { state: InstanceState.Quarantined, errorMessage: reason.slice(0, 2000) });
    this.logger.error(`instance ${instance.id} quarantined: ${reason}`);
  }

  private async routeOnce(instance: InstanceEntity): Promise<void> {
    const instances = this.db.getRepository(InstanceEntity);
    let file: DicomFile;
    try {
      // rules read the header only; the whole file is read only if a rule morphs it
      file = await DicomFile.readHeader(instance.spoolPath);
    } catch (err) {
      await instances.update(instance.id, { state: InstanceState.Error, errorMessage: `cannot read spooled file: ${(err as Error).message}` });
      this.logger.error(`instance ${instance.id}: cannot read ${instance.spoolPath}: ${(err as Error).message}`);
      return;
    }
    const rulesets = await this.loader.loadActiveForRouting();
    const { matches } = evaluateRulesets(rulesets, file, {
      sourceName: instance.sourceName,
      callingAeTitle: instance.callingAeTitle,
      calledAeTitle: instance.calledAeTitle,
      sourceIp: instance.peerAddress,
    });
    assertKeyedActionsHaveSecret(matches, this.morphSecret);
    const deliveries: { destinationId: number; ruleId: number; output: PlannedOutput }[] = [];
    const outputs = new Map<string, PlannedOutput>();
    let whole: DicomFile | null = null;
    const wholeFile = async () => (whole ??= await DicomFile.read(instance.spoolPath, { headerOnly: true }));
    for (const match of matches) {
      if (match.destinationIds.length === 0) continue;
      const output = await this.outputFor(instance, wholeFile, match.tagModifications, outputs);
      for (const destinationId of match.destinationIds) deliveries.push({ destinationId, ruleId: match.ruleId, output });
    }
    const disabled = await this.disabledDestinations(deliveries.map((d) => d.destinationId));
    const matched = matches.map((m) => ({ ruleset_id: m.rulesetId, rule_id: m.ruleId, destination_ids: m.destinationIds }));
    const morphing = [...outputs.values()].map((o) => ({ output_key: o.key, changes: o.changes, warnings: o.warnings }));
    await this.db.transaction(async (tx) => {
      // one row per (destination, output); a redelivered message finds them there (unique key)
      const rows = new Map(deliveries.map((d) => [`${d.destinationId}|${d.output.key}`, {
        instanceId: instance.id, storageBackendId: d.destinationId, ruleId: d.ruleId, outputKey: d.output.key,
        outputPath: d.output.path, status: disabled.has(d.destinationId) ? DeliveryStatus.Held : DeliveryStatus.Pending, attempts: 0,
      }]));
      if (rows.size > 0) await tx.createQueryBuilder().insert().into(DeliveryEntity).values([...rows.values()]).orIgnore().execute();
      const state = deliveries.length > 0 ? InstanceState.Routed : InstanceState.NoRoute;
      await tx.getRepository(InstanceEntity).update(instance.id, { state, routedAt: new Date(), matchedRules: matched, morphing, errorMessage: null });
    });
    if (deliveries.length === 0 && !this.config.keepUnrouted) await this.writer.remove(instance.spoolPath);
    await this.publishPending(instance.id);
  }

  /** Destinations that are disabled (paused) now: their deliveries are recorded as held. */
  private async disabledDestinations(ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.getRepository(StorageBackendEntity).find({ where: { id: In([...new Set(ids)]), isEnabled: false }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  /** The output for a list of modifications: computed once per distinct list per instance. */
  private async outputFor(instance: InstanceEntity, wholeFile: () => Promise<DicomFile>, mods: TagModification[], outputs: Map<string, PlannedOutput>): Promise<PlannedOutput> {
    const key = mods.length === 0 ? '' : createHash('sha256').update(JSON.stringify(mods)).digest('hex').slice(0, 16);
    const known = outputs.get(key);
    if (known) return known;
    let planned: PlannedOutput = { key: '', path: instance.spoolPath, changes: [], warnings: [] };
    if (key !== '') {
      const result = applyModifications(await wholeFile(), mods, { uidSecret: this.morphSecret, dateShiftSecret: this.morphSecret });
      if (result.changed && result.output) {
        const path = this.writer.outputPath(instance.id, key);
        await this.writer.writeDurably(path, result.output);
        planned = { key, path, changes: result.changes, warnings: result.warnings };
      } else {
        planned = { ...planned, warnings: result.warnings };
      }
    }
    outputs.set(key, planned);
    return planned;
  }

  private async publishPending(instanceId: number): Promise<void> {
    const pending = await this.db.getRepository(DeliveryEntity).find({
      where: { instanceId, status: In([DeliveryStatus.Pending]) }, select: { id: true },
    });
    for (const d of pending) await this.publisher.publish(Messages.DeliveryRequested, { deliveryId: d.id });
  }
}
