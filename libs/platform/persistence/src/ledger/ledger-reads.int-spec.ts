import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { DeliveryStatus, InstanceState, SourceType, DestinationType } from '@axiom/domain';
import { openDatabase } from '../data-source';
import { DeliveryEntity, InstanceEntity } from '../entities/instance.entity';
import { DestinationEntity } from '../entities/storage-backend.entity';
import { createScratchPostgres } from '../scratch-database';
import { RoutingConfigStore } from '../routing/routing-config.store';
import { LedgerRepository } from './ledger.repository';

/** The ledger's own reads by id (prepared SQL, hydrated by metadata) give what TypeORM's find gives, on both dialects. */
describe.each(['sqlite', 'postgres'] as const)('ledger reads by id on %s', (dialect) => {
  let ds: DataSource;
  let cleanup: () => Promise<void>;
  let ledger: LedgerRepository;

  beforeAll(async () => {
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'axiom-ledger-reads-'));
      ds = await openDatabase({ databaseUrl: null, sqlitePath: join(dir, 'ledger.sqlite') }, { migrate: true });
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const scratch = await createScratchPostgres('ledger_reads');
      ds = await openDatabase({ databaseUrl: scratch.url, sqlitePath: ':memory:' }, { migrate: true });
      cleanup = scratch.drop;
    }
    ledger = new LedgerRepository(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await cleanup();
  });

  it('finds an instance and its delivery exactly as the repository find does (dates, JSON, numbers, nulls)', async () => {
    const backend = await ds.getRepository(DestinationEntity).save({
      name: `fs-${dialect}`,
      backendType: DestinationType.Filesystem,
      config: { path: 'out' },
      isEnabled: true,
    });
    const instanceId = await ledger.recordReceived({
      sourceType: SourceType.DimseListener,
      sourceName: 'main',
      callingAeTitle: 'MODALITY',
      calledAeTitle: 'AXIOM',
      peerAddress: '127.0.0.1',
      studyInstanceUid: '1.2.3',
      seriesInstanceUid: '1.2.3.4',
      sopInstanceUid: '1.2.3.4.5',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      datasetOffset: 352,
      spoolPath: 'spool/a.dcm',
      sizeBytes: 524_288,
      patientName: 'Doe^Jane',
    });
    await ledger.recordRouted({
      instanceId,
      state: InstanceState.Routed,
      matchedRules: [{ rule_id: 7, destination_ids: [backend.id] }],
      morphing: [{ output_key: '', changes: [] }],
      deliveries: [
        {
          storageBackendId: backend.id,
          ruleId: null,
          outputKey: '',
          held: false,
          output: {
            path: 'spool/a.dcm',
            studyInstanceUid: '1.2.3',
            seriesInstanceUid: '1.2.3.4',
            sopInstanceUid: '1.2.3.4.5',
            sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
            transferSyntaxUid: '1.2.840.10008.1.2.1',
            datasetOffset: 352,
          },
        },
      ],
    });
    const instance = await ledger.findInstance(instanceId);
    expect(instance).toBeInstanceOf(InstanceEntity);
    expect(instance).toEqual(await ds.getRepository(InstanceEntity).findOneBy({ id: instanceId }));
    expect(instance?.receivedAt).toBeInstanceOf(Date);
    expect(instance?.matchedRules).toEqual([{ rule_id: 7, destination_ids: [backend.id] }]);

    const [deliveryId] = await ledger.pendingDeliveryIds({ instanceId }, 10);
    const delivery = await ledger.findDelivery(Number(deliveryId));
    expect(delivery).toEqual(await ds.getRepository(DeliveryEntity).findOneBy({ id: Number(deliveryId) }));
    expect(delivery?.status).toBe(DeliveryStatus.Pending);
    expect(delivery?.outputDatasetOffset).toBe(352);
    expect(await ledger.findInstance(instanceId + 1000)).toBeNull();
  });

  it("reads a storage backend as TypeORM's find does, and as it is after an edit", async () => {
    const repo = ds.getRepository(DestinationEntity);
    const backend = await repo.save({
      name: `cstore-${dialect}`,
      backendType: DestinationType.Cstore,
      config: { host: '127.0.0.1', port: 104, ae_title: 'PACS' },
      isEnabled: true,
    });
    const store = new RoutingConfigStore(ds);
    const read = await store.backend(backend.id);
    expect(read).toBeInstanceOf(DestinationEntity);
    expect(read).toEqual(await repo.findOneBy({ id: backend.id }));
    expect(read?.isEnabled).toBe(true);
    await repo.update(backend.id, { isEnabled: false, config: { host: '127.0.0.1', port: 105, ae_title: 'PACS' } });
    const edited = await store.backend(backend.id);
    expect(edited?.isEnabled).toBe(false);
    expect(edited?.config).toEqual({ host: '127.0.0.1', port: 105, ae_title: 'PACS' });
    expect(await store.backend(backend.id + 1000)).toBeNull();
  });
});
