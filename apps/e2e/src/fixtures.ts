import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DicomFile } from '@axiom/dicom-io';
import { DimseListenerEntity, RuleEntity, RulesetEntity, StorageBackendEntity } from '@axiom/persistence';
import { SAMPLES_DIR, run } from '@axiom/testing';
import { ExecutionMode, StorageBackendType } from '@axiom/domain';

export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (!e.name.endsWith('.part') && !e.name.endsWith('.tmp') && statSync(p).size > 0) out.push(p);
  }
  return out;
}

export function sopUidOf(path: string): string {
  return DicomFile.parse(readFileSync(path), { headerOnly: true }).identity().sopInstanceUid ?? '';
}

/** N copies of the CT sample, each with a new SOP Instance UID (dcmtk's dcmodify). */
export function makeCorpus(dir: string, count: number): string {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const f = join(dir, `ct-${String(i).padStart(4, '0')}.dcm`);
    copyFileSync(join(SAMPLES_DIR, 'ct-explicit-le.dcm'), f);
    files.push(f);
  }
  for (let i = 0; i < files.length; i += 100) {
    const r = run('dcmodify', ['-nb', '-gin', ...files.slice(i, i + 100)]);
    if (r.status !== 0) throw new Error(`dcmodify failed: ${r.output}`);
  }
  return dir;
}

/**
 * The routing the end-to-end tests use:
 * - ruleset "crash-test" (priority 0, FIRST_MATCH): calling AE KILLTEST -> crash folder only;
 * - ruleset "main" (priority 10, ALL_MATCHES), for every other caller:
 *   "everything" -> plain folder + storescp; "ct-institution" (Modality = CT) -> set
 *   InstitutionName, to the morphed folder.
 */
export async function seedRouting(db: DataSource, o: { listenerPort: number; storescpPort: number; dirs: { plain: string; morphed: string; crash: string } }): Promise<void> {
  await db.getRepository(DimseListenerEntity).save({ name: 'e2e', aeTitle: 'AXIOM', port: o.listenerPort, isEnabled: true, instanceId: 'default', tlsEnabled: false, description: null });
  const backends = db.getRepository(StorageBackendEntity);
  const fs = (name: string, path: string) => backends.save({ name, description: null, isEnabled: true, backendType: StorageBackendType.Filesystem, config: { path }, secrets: null });
  const plain = await fs('plain', o.dirs.plain);
  const morphed = await fs('morphed', o.dirs.morphed);
  const crash = await fs('crash', o.dirs.crash);
  const scp = await backends.save({
    name: 'storescp', description: null, isEnabled: true, backendType: StorageBackendType.Cstore, secrets: null,
    // as_received_only: this destination proves byte-faithful delivery, so nothing may be converted for it
    config: { remote_ae_title: 'STORESCP', remote_host: '127.0.0.1', remote_port: o.storescpPort, local_ae_title: 'AXIOM_STORE_SCU', tls_enabled: false, transfer_syntax_policy: 'as_received_only' },
  });
  const rulesets = db.getRepository(RulesetEntity);
  const rules = db.getRepository(RuleEntity);
  const crashSet = await rulesets.save({ name: 'crash-test', description: null, isActive: true, priority: 0, executionMode: ExecutionMode.FirstMatch });
  const main = await rulesets.save({ name: 'main', description: null, isActive: true, priority: 10, executionMode: ExecutionMode.AllMatches });
  const notKill = [{ parameter: 'CALLING_AE_TITLE' as const, op: 'ne' as const, value: 'KILLTEST' }];
  await rules.save({
    rulesetId: crashSet.id, name: 'kill-test', description: null, isActive: true, priority: 0, matchCriteria: [],
    associationCriteria: [{ parameter: 'CALLING_AE_TITLE', op: 'eq', value: 'KILLTEST' }], tagModifications: [], applicableSources: null, destinations: [crash],
  });
  await rules.save({
    rulesetId: main.id, name: 'everything', description: null, isActive: true, priority: 0, matchCriteria: [],
    associationCriteria: notKill, tagModifications: [], applicableSources: null, destinations: [plain, scp],
  });
  await rules.save({
    rulesetId: main.id, name: 'ct-institution', description: null, isActive: true, priority: 1,
    matchCriteria: [{ tag: 'Modality', op: 'eq', value: 'CT' }], associationCriteria: notKill,
    tagModifications: [{ action: 'set', tag: 'InstitutionName', value: 'AXIOM TEST' }], applicableSources: null, destinations: [morphed],
  });
}
