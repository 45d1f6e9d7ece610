import { ExecutionMode, DestinationType } from '@axiom/domain';
import { DestinationConfigStore } from './destinations.store';
import { RuleConfigStore, RulesetConfigStore } from './rules.store';
import { DimseListenerConfigStore, DimseQrSourceConfigStore } from './sources.store';
import { SCRATCH_DIALECTS, type ScratchDatabase } from '../scratch-dialects';

describe.each(SCRATCH_DIALECTS)('the configuration stores on %s', (_name, open) => {
  let db: ScratchDatabase;
  let listeners: DimseListenerConfigStore;
  let qr: DimseQrSourceConfigStore;
  let destinations: DestinationConfigStore;
  let rulesets: RulesetConfigStore;
  let rules: RuleConfigStore;

  beforeAll(async () => {
    db = await open('config_stores');
    listeners = new DimseListenerConfigStore(db.ds);
    qr = new DimseQrSourceConfigStore(db.ds);
    destinations = new DestinationConfigStore(db.ds);
    rulesets = new RulesetConfigStore(db.ds);
    rules = new RuleConfigStore(db.ds);
  });
  afterAll(() => db.close());

  it('finds listeners by name, port and AE title, leaving out the row itself', async () => {
    const a = await listeners.insert({
      name: 'a',
      description: null,
      aeTitle: 'AXIOM',
      port: 10412,
      instanceId: 'site-a',
    });
    await listeners.insert({ name: 'b', description: null, aeTitle: 'OTHER', port: 11113, instanceId: 'site-a' });
    expect(a.createdAt).toBeInstanceOf(Date);
    expect(await listeners.nameTaken('a')).toBe(true);
    expect(await listeners.nameTaken('a', a.id)).toBe(false);
    expect((await listeners.holderOfPort({ port: 10412, instanceId: 'site-a' }))?.id).toBe(a.id);
    expect(await listeners.holderOfPort({ port: 10412, instanceId: 'site-a', exceptId: a.id })).toBeNull();
    expect(await listeners.holderOfPort({ port: 10412, instanceId: 'site-b' })).toBeNull();
    expect(await listeners.hasAeTitle('AXIOM')).toBe(true);
    expect(await listeners.hasAeTitle('AXIOM', a.id)).toBe(false);
    expect((await listeners.list()).map((l) => l.name)).toEqual(['a', 'b']);
    expect((await listeners.names()).sort()).toEqual(['a', 'b']);
  });

  it('lists the Q/R sources that move studies to an AE title', async () => {
    await qr.insert({
      name: 'pacs',
      description: null,
      remoteAeTitle: 'PACS',
      remoteHost: '127.0.0.1',
      remotePort: 104,
      moveDestinationAeTitle: 'AXIOM',
      queryFilters: null,
    });
    expect((await qr.movingTo('AXIOM')).map((s) => s.name)).toEqual(['pacs']);
    expect(await qr.movingTo('OTHER')).toEqual([]);
  });

  it('keeps rules with their destinations, and finds the rules that send to one', async () => {
    const out = await destinations.insert({
      name: 'out',
      description: null,
      backendType: DestinationType.Filesystem,
      config: { path: '/data/out' },
      secrets: null,
      retryPolicy: null,
    });
    const spare = await destinations.insert({
      name: 'spare',
      description: null,
      backendType: DestinationType.Filesystem,
      config: { path: '/data/spare' },
      secrets: null,
      retryPolicy: null,
    });
    expect((await destinations.findByIds([spare.id, 999_999])).map((d) => d.name)).toEqual(['spare']);
    expect(await destinations.deliveryCount(out.id)).toBe(0);

    const rs = await rulesets.insert({
      name: 'main',
      description: null,
      priority: 0,
      executionMode: ExecutionMode.AllMatches,
    });
    const rule = await rules.insert({
      rulesetId: rs.id,
      name: 'ct',
      description: null,
      priority: 1,
      matchCriteria: [{ tag: 'Modality', op: 'eq', value: 'CT' }],
      associationCriteria: [],
      tagModifications: [],
      applicableSources: null,
      destinations: [out],
    });
    expect(await rulesets.exists(rs.id)).toBe(true);
    expect(await rules.nameTaken({ rulesetId: rs.id, name: 'ct' })).toBe(true);
    expect(await rules.nameTaken({ rulesetId: rs.id, name: 'ct', exceptId: rule.id })).toBe(false);
    expect((await rules.sendingTo(out.id)).map((r) => r.id)).toEqual([rule.id]);
    expect(await rules.sendingTo(spare.id)).toEqual([]);
    expect((await rulesets.findWithRules(rs.id))?.rules.map((r) => r.destinations.map((d) => d.name))).toEqual([
      ['out'],
    ]);

    const loaded = await rules.findById(rule.id);
    if (!loaded) throw new Error('the rule was not stored');
    loaded.destinations = [spare];
    await rules.save(loaded);
    expect((await rules.list(rs.id))[0]?.destinations.map((d) => d.name)).toEqual(['spare']);

    await rulesets.update(rs.id, {
      name: 'renamed',
      description: 'd',
      isActive: false,
      priority: 5,
      executionMode: ExecutionMode.FirstMatch,
    });
    expect(await rulesets.findById(rs.id)).toMatchObject({ name: 'renamed', isActive: false, priority: 5 });
    await rulesets.delete(rs.id);
    expect(await rules.findById(rule.id)).toBeNull();
  });
});
