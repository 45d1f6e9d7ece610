import { DestinationType } from '@axiom/domain';
import { CredentialStore } from './credentials/credential.store';
import { ApiKeyEntity } from './entities/api-key.entity';
import { DimseQrSourceEntity } from './entities/input-sources.entity';
import { ListenerStatusEntity } from './entities/listener-status.entity';
import { RuleEntity, RulesetEntity } from './entities/ruleset.entity';
import { DestinationEntity } from './entities/storage-backend.entity';
import { RoleEntity, UserEntity } from './entities/user.entity';
import { DimseListenerStore } from './listeners/dimse-listener.store';
import { MoveSourceStore } from './listeners/move-source.store';
import { RoutingConfigStore } from './routing/routing-config.store';
import { SCRATCH_DIALECTS, type ScratchDatabase } from './scratch-dialects';

describe.each(SCRATCH_DIALECTS)('the stores of the listeners, the router and authentication on %s', (_name, open) => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await open('read_stores');
  }, 60_000);
  afterAll(() => db.close());

  it('listeners: seeds the default once, lists the enabled rows of one instance, replaces status reports', async () => {
    const store = new DimseListenerStore(db.ds);
    expect(await store.seedDefault({ instanceId: 'default', port: 10412 })).toBe(true);
    expect(await store.seedDefault({ instanceId: 'other', port: 11113 })).toBe(false);
    const [row] = await store.enabledFor('default');
    expect(row).toMatchObject({ name: 'default', aeTitle: 'AXIOM', port: 10412, isEnabled: true, tlsEnabled: false });
    expect(await store.enabledFor('other')).toEqual([]);
    const status = {
      id: row?.id ?? 0,
      name: 'default',
      aeTitle: 'AXIOM',
      port: 10412,
      instanceId: 'default',
      state: 'listening' as const,
      associations: 1,
      stored: 1,
      failed: 0,
      lastError: null,
      lastErrorAt: null,
    };
    await store.reportStatuses([status], new Date());
    await store.reportStatuses([{ ...status, stored: 5 }], new Date());
    await store.reportStatuses([], new Date());
    expect(await db.ds.getRepository(ListenerStatusEntity).find()).toEqual([
      expect.objectContaining({ listenerId: row?.id, stored: 5 }),
    ]);
  });

  it('move sources: the enabled Q/R sources as C-MOVE identities, in id order', async () => {
    const repo = db.ds.getRepository(DimseQrSourceEntity);
    const base = { remoteHost: '127.0.0.1', remotePort: 1, description: null, queryFilters: null };
    await repo.save({
      ...base,
      name: 'b',
      remoteAeTitle: 'PACS_B',
      localAeTitle: 'SCU_B',
      moveDestinationAeTitle: 'AXIOM',
    });
    await repo.save({
      ...base,
      name: 'off',
      remoteAeTitle: 'PACS_C',
      moveDestinationAeTitle: 'AXIOM',
      isEnabled: false,
    });
    await repo.save({
      ...base,
      name: 'a',
      remoteAeTitle: 'PACS_A',
      localAeTitle: 'SCU_A',
      moveDestinationAeTitle: 'AXIOM',
    });
    expect(await new MoveSourceStore(db.ds).enabledIdentities()).toEqual([
      { name: 'b', localAeTitle: 'SCU_B', remoteAeTitle: 'PACS_B', moveDestinationAeTitle: 'AXIOM' },
      { name: 'a', localAeTitle: 'SCU_A', remoteAeTitle: 'PACS_A', moveDestinationAeTitle: 'AXIOM' },
    ]);
  });

  it('routing: active rulesets by priority with rules and destinations, one ruleset, backends by id, type and pause', async () => {
    const backends = db.ds.getRepository(DestinationEntity);
    const folder = await backends.save({
      name: 'folder',
      backendType: DestinationType.Filesystem,
      config: { path: '/x' },
      description: null,
      secrets: null,
      retryPolicy: null,
    });
    const paused = await backends.save({
      name: 'paused',
      backendType: DestinationType.Filesystem,
      config: { path: '/y' },
      isEnabled: false,
      description: null,
      secrets: null,
      retryPolicy: null,
    });
    const rulesets = db.ds.getRepository(RulesetEntity);
    const late = await rulesets.save({ name: 'late', priority: 5, description: null });
    const early = await rulesets.save({ name: 'early', priority: 1, description: null });
    const off = await rulesets.save({ name: 'off', priority: 0, isActive: false, description: null });
    await db.ds.getRepository(RuleEntity).save({
      rulesetId: early.id,
      name: 'r',
      description: null,
      matchCriteria: [],
      associationCriteria: [],
      tagModifications: [],
      applicableSources: null,
      destinations: [folder, paused],
    });
    const store = new RoutingConfigStore(db.ds);
    const active = await store.activeRulesets();
    expect(active.map((r) => r.name)).toEqual(['early', 'late']);
    expect(active[0]?.rules.map((r) => r.destinations.map((d) => d.name).sort())).toEqual([['folder', 'paused']]);
    expect((await store.ruleset(off.id))?.name).toBe('off');
    expect(await store.ruleset(late.id + 100)).toBeNull();
    expect((await store.backend(folder.id))?.name).toBe('folder');
    expect((await store.backendsOfType(DestinationType.Filesystem)).map((b) => b.name).sort()).toEqual([
      'folder',
      'paused',
    ]);
    expect(await store.disabledBackendIds()).toEqual([paused.id]);
  });

  it('credentials: a user with roles, a key by prefix with its user and roles, the last use recorded', async () => {
    const role = await db.ds.getRepository(RoleEntity).save({ name: 'Probe', description: null });
    const user = await db.ds
      .getRepository(UserEntity)
      .save({ email: 'u@example.org', fullName: null, googleId: null, roles: [role] });
    const key = await db.ds.getRepository(ApiKeyEntity).save({
      name: 'k',
      prefix: 'Prefix01',
      hashedKey: 'salt:hash',
      expiresAt: null,
      lastUsedAt: null,
      userId: user.id,
    });
    const store = new CredentialStore(db.ds);
    expect(await store.userById(user.id)).toMatchObject({
      email: 'u@example.org',
      roles: [expect.objectContaining({ name: 'Probe' })],
    });
    expect(await store.userById(user.id + 100)).toBeNull();
    expect(await store.apiKeyByPrefix('Prefix01')).toMatchObject({
      id: key.id,
      user: { id: user.id, roles: [expect.objectContaining({ name: 'Probe' })] },
    });
    expect(await store.apiKeyByPrefix('Nothing0')).toBeNull();
    const at = new Date('2026-01-02T03:04:05.000Z');
    await store.touchApiKey(key.id, at);
    expect((await db.ds.getRepository(ApiKeyEntity).findOneByOrFail({ id: key.id })).lastUsedAt?.getTime()).toBe(
      at.getTime(),
    );
  });
});
