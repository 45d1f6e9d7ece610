import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DicomFile } from '@axiom/dicom-io';
import { listSampleFiles, sampleCorpusDir } from '@axiom/dicom-io/testing';
import { DeliveryStatus, InstanceState, Messages, type RulesetDefinition } from '@axiom/domain';
import { DeliveryEntity, InstanceEntity, DestinationEntity } from '@axiom/persistence';
import { SpoolHeaders } from '@axiom/spool';
import { deliveryOutputBytes } from '@axiom/testing';
import { RulesetLoaderService } from '../ruleset-loader.service';
import { Dialect, RoutingHarness, createRoutingHarness } from './routing-harness';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Routing and delivery state on a real database of the dialect. */
export function routingScenarios(dialect: Dialect): void {
  let h: RoutingHarness;
  beforeAll(async () => {
    h = await createRoutingHarness(dialect, { AXIOM_MORPH_SECRET: 'routing-test-secret', ROUTING_MAX_ATTEMPTS: '3' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const deliveriesOf = (instanceId: number) =>
    h.db.getRepository(DeliveryEntity).find({ where: { instanceId }, order: { id: 'ASC' } });
  const onlyDelivery = async (instanceId: number): Promise<DeliveryEntity> => {
    const rows = await deliveriesOf(instanceId);
    expect(rows).toHaveLength(1);
    return rows[0] as DeliveryEntity;
  };

  it('counts routing attempts before the work and quarantines an instance that keeps failing, with the reason', async () => {
    const backend = await h.backend('attempts');
    // a header this long is not kept in the delivery rows: the output is written as a file of its
    // own, and that cannot succeed: 'outputs' is a file, not a folder
    await h.rule([backend], [{ action: 'set', tag: '(0040,A160)', value: 'X'.repeat(70_000) }]);
    const instance = await h.receive();
    const outputs = join(h.config.spoolPath, 'outputs');
    writeFileSync(outputs, 'not a folder');
    try {
      await expect(h.routing.route(instance.id)).rejects.toThrow();
      expect((await h.instance(instance.id)).routingAttempts).toBe(1);
      await expect(h.routing.route(instance.id)).rejects.toThrow();
      await h.routing.route(instance.id); // the third failure quarantines instead of throwing
      const row = await h.instance(instance.id);
      expect(row.state).toBe(InstanceState.Quarantined);
      expect(row.routingAttempts).toBe(3);
      expect(row.errorMessage).toMatch(/routing failed 3 times; last error: .*(ENOTDIR|EEXIST)/);
      expect(await deliveriesOf(instance.id)).toEqual([]);
      // quarantined means out of the way: the start-up sweep does not publish it again
      const before = h.published(Messages.InstanceReceived);
      await h.sweeper.sweep(0);
      expect(h.published(Messages.InstanceReceived)).toBe(before);
    } finally {
      await h.db.getRepository(DestinationEntity).update(backend.id, { isEnabled: false });
      rmSync(outputs, { force: true });
    }
  });

  it('commits the attempt count before the routing work begins (so a process killed mid-routing has counted)', async () => {
    const instance = await h.receive();
    let release: (rulesets: RulesetDefinition[]) => void = () => undefined;
    const gate = new Promise<RulesetDefinition[]>((resolve) => {
      release = resolve;
    });
    const loader = jest.spyOn(h.app.get(RulesetLoaderService), 'loadActiveForRouting').mockReturnValueOnce(gate);
    const routing = h.routing.route(instance.id);
    try {
      await new Promise((r) => setTimeout(r, 200));
      const midway = await h.instance(instance.id);
      expect(midway).toEqual(expect.objectContaining({ state: InstanceState.Received, routingAttempts: 1 }));
    } finally {
      release([]);
      await routing;
      loader.mockRestore();
    }
    expect((await h.instance(instance.id)).state).toBe(InstanceState.NoRoute);
  });

  it('quarantines, without routing it again, an instance whose attempts were all begun and never finished (process killed)', async () => {
    const instance = await h.receive();
    // what three killed processes leave: three attempts begun, the instance still received
    await h.db.getRepository(InstanceEntity).update(instance.id, { routingAttempts: 3 });
    await h.routing.route(instance.id);
    const row = await h.instance(instance.id);
    expect(row.state).toBe(InstanceState.Quarantined);
    expect(row.errorMessage).toMatch(/routing was begun 3 times without finishing/);
    expect(row.routedAt).toBeNull();
  });

  it('holds deliveries to a disabled destination, shows them in the history, and sends them once it is enabled', async () => {
    const paused = await h.backend('paused', { enabled: false });
    await h.rule([paused]);
    const instance = await h.receive();
    await h.routing.route(instance.id);
    const held = await onlyDelivery(instance.id);
    expect(held).toEqual(
      expect.objectContaining({ storageBackendId: paused.id, status: DeliveryStatus.Held, attempts: 0 }),
    );
    const routed = await h.instance(instance.id);
    expect(routed.state).toBe(InstanceState.Routed);
    expect(routed.matchedRules).toEqual(
      expect.arrayContaining([expect.objectContaining({ destination_ids: [paused.id] })]),
    );
    expect((await h.sweeper.sweep(0)).released).toBe(0);
    const published = h.published(Messages.DeliveryRequested);
    await h.db.getRepository(DestinationEntity).update(paused.id, { isEnabled: true });
    expect((await h.sweeper.sweep(60_000)).released).toBe(1);
    expect(h.published(Messages.DeliveryRequested)).toBe(published + 1);
    await new Promise((r) => setTimeout(r, 1100)); // the delivery service caches a backend for a second
    await h.delivery.deliver(held.id);
    const sent = await onlyDelivery(instance.id);
    expect(sent.status).toBe(DeliveryStatus.Delivered);
    expect(sent.detail).toBe(
      join(
        h.dir,
        'out',
        'paused',
        instance.studyInstanceUid ?? '',
        instance.seriesInstanceUid ?? '',
        `${instance.sopInstanceUid}.dcm`,
      ),
    );
    expect((await h.instance(instance.id)).state).toBe(InstanceState.Completed);
    await h.db.getRepository(DestinationEntity).update(paused.id, { isEnabled: false });
  });

  it('holds a pending delivery whose destination was disabled after routing, without using an attempt', async () => {
    const later = await h.backend('disabled-later');
    await h.rule([later]);
    const instance = await h.receive();
    await h.routing.route(instance.id);
    const pending = await onlyDelivery(instance.id);
    expect(pending.status).toBe(DeliveryStatus.Pending);
    await h.db.getRepository(DestinationEntity).update(later.id, { isEnabled: false });
    await new Promise((r) => setTimeout(r, 1100));
    await h.delivery.deliver(pending.id);
    const held = await onlyDelivery(instance.id);
    expect(held).toEqual(expect.objectContaining({ status: DeliveryStatus.Held, attempts: 0 }));
    expect((await h.instance(instance.id)).state).toBe(InstanceState.Routed);
  });

  it('morphs every sample the same from the header ingest held as from the file read back', async () => {
    const headers = h.app.get(SpoolHeaders);
    const target = await h.backend('held-headers');
    await h.rule([target], [{ action: 'set', tag: '(0008,0080)', value: 'HELD HEADER TEST' }]);
    const outputOf = async (instanceId: number) => deliveryOutputBytes(h.db, (await onlyDelivery(instanceId)).id);
    const names = listSampleFiles();
    let compared = 0;
    for (const name of names) {
      const sample = join(sampleCorpusDir(), name);
      const held = await h.receive(sample);
      const read = await h.receive(sample);
      // what ingest holds: the checked file's start, up to its pixel data
      headers.hold(held.spoolPath, DicomFile.parse(readFileSync(sample)).headerCopy().file);
      await h.routing.route(held.id);
      expect(headers.take(held.spoolPath)).toBeUndefined(); // routing took it
      await h.routing.route(read.id);
      const [a, b] = [await h.instance(held.id), await h.instance(read.id)];
      const outcome = (i: InstanceEntity) => ({ state: i.state, error: i.errorMessage?.replace(i.spoolPath, 'FILE') });
      expect({ name, ...outcome(a) }).toEqual({ name, ...outcome(b) });
      if (a.state !== InstanceState.Routed) continue; // a sample ingest refuses (no SOP UIDs) fails the same both ways
      compared++;
      const [fromHeld, fromFile] = [await outputOf(held.id), await outputOf(read.id)];
      expect({ name, same: fromHeld.equals(fromFile) }).toEqual({ name, same: true });
      expect(DicomFile.parse(fromHeld).string(0x00080080)).toBe('HELD HEADER TEST');
    }
    expect(compared).toBeGreaterThan(30);
  }, 60_000);

  it('files a de-identified instance under its new UIDs: no original UID anywhere in the path', async () => {
    const out = join(h.dir, 'deid-out');
    const deid = await h.backend('deid', { path: out });
    await h.rule([deid], [{ action: 'deidentify' }]);
    const instance = await h.receive();
    await h.routing.route(instance.id);
    const delivery = await onlyDelivery(instance.id);
    await h.delivery.deliver(delivery.id);
    const sent = await onlyDelivery(instance.id);
    expect(sent.status).toBe(DeliveryStatus.Delivered);
    const files = filesUnder(out).filter((f) => !f.includes('.axiom-tmp'));
    expect(files).toHaveLength(1);
    const path = relative(out, files[0] as string);
    for (const uid of [instance.studyInstanceUid, instance.seriesInstanceUid, instance.sopInstanceUid]) {
      expect(uid).toBeTruthy();
      expect(path).not.toContain(uid as string);
    }
    const ids = (await DicomFile.readHeader(files[0] as string)).identity();
    expect(path).toBe(join(ids.studyInstanceUid ?? '', ids.seriesInstanceUid ?? '', `${ids.sopInstanceUid}.dcm`));
    expect(statSync(files[0] as string).mode & 0o777).toBe(0o600);
  });

  it('keeps a morphed output as its new header in the delivery row, spliced onto the received file: no file of its own', async () => {
    const out = join(h.dir, 'spliced-out');
    const target = await h.backend('spliced', { path: out });
    await h.rule([target], [{ action: 'set', tag: 'InstitutionName', value: 'SPLICED' }]);
    const instance = await h.receive();
    const received = readFileSync(instance.spoolPath);
    const outputsDir = join(h.config.spoolPath, 'outputs');
    const outputsBefore = filesUnder(outputsDir).length;
    await h.routing.route(instance.id);
    const delivery = await onlyDelivery(instance.id);
    expect(delivery.outputPath).toBe(instance.spoolPath);
    expect(filesUnder(outputsDir)).toHaveLength(outputsBefore);
    const offset = delivery.outputSourceOffset as number;
    expect(offset).toBeGreaterThan(0);
    const bytes = await deliveryOutputBytes(h.db, delivery.id);
    expect(DicomFile.parse(bytes).string(0x00080080)).toBe('SPLICED');
    // past the morphed header, the received file byte for byte (the pixel data)
    expect(bytes.subarray(bytes.length - (received.length - offset)).equals(received.subarray(offset))).toBe(true);
    await h.delivery.deliver(delivery.id);
    expect((await onlyDelivery(instance.id)).status).toBe(DeliveryStatus.Delivered);
    const files = filesUnder(out).filter((f) => !f.includes('.axiom-tmp'));
    expect(files).toHaveLength(1);
    expect(readFileSync(files[0] as string).equals(bytes)).toBe(true);
    expect(statSync(files[0] as string).mode & 0o777).toBe(0o600);
    // the last delivery final: the received file, which held the output's rest, is gone
    expect(existsSync(instance.spoolPath)).toBe(false);
  });
}

/** Keyed actions without a morph secret (the distributed mode without AXIOM_MORPH_SECRET). */
export function keyedActionScenarios(dialect: Dialect): void {
  let h: RoutingHarness;
  beforeAll(async () => {
    h = await createRoutingHarness(dialect, {}, { mode: 'distributed', morphSecret: undefined });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('refuses to route hash_uid without a secret: the instance fails with the reason and nothing is delivered', async () => {
    const backend = await h.backend('keyed');
    await h.rule([backend], [{ action: 'hash_uid', tag: 'StudyInstanceUID' }]);
    const instance = await h.receive();
    await h.routing.route(instance.id);
    const row = await h.instance(instance.id);
    expect(row.state).toBe(InstanceState.Error);
    expect(row.errorMessage).toMatch(/uses hash_uid, but no morph secret is configured \(set AXIOM_MORPH_SECRET\)/);
    expect(await h.db.getRepository(DeliveryEntity).count({ where: { instanceId: instance.id } })).toBe(0);
    expect(existsSync(join(h.dir, 'out', 'keyed'))).toBe(false);
  });

  it("publishes a person's retry of a dead letter at once", async () => {
    const backend = await h.backend('retry', { path: '' });
    await h.rule([backend]);
    const instance = await h.receive();
    await h.routing.route(instance.id);
    const [delivery] = await h.db.getRepository(DeliveryEntity).find({ where: { instanceId: instance.id } });
    await h.delivery.deliver(delivery?.id ?? 0); // no path: a permanent failure, dead-lettered
    expect((await h.instance(instance.id)).state).toBe(InstanceState.Failed);
    const before = h.published(Messages.DeliveryRequested);
    expect(await h.delivery.retryFailed({ instanceId: instance.id })).toEqual([delivery?.id]);
    expect(h.published(Messages.DeliveryRequested)).toBe(before + 1);
    expect((await h.instance(instance.id)).state).toBe(InstanceState.Routed);
  });
}
