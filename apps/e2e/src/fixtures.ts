import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DicomFile } from '@axiom/dicom-io';
import { ExecutionMode, type AssociationCriterion } from '@axiom/domain';
import {
  ApiClient,
  Caller,
  Entity,
  SAMPLES_DIR,
  cstoreBackendBody,
  filesystemBackendBody,
  listenerBody,
  ruleBody,
  rulesetBody,
  run,
} from '@axiom/testing';

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

/** The ids of what seedRouting created, by the names the suites refer to. */
export interface SeededRouting {
  listener: number;
  backends: { plain: number; morphed: number; crash: number; storescp: number };
}

/**
 * The routing the end-to-end tests use, created through the REST API as an operator would:
 * - a C-STORE listener "e2e" (AE AXIOM) on `listenerPort`;
 * - ruleset "crash-test" (priority 0, FIRST_MATCH): calling AE KILLTEST -> crash folder only;
 * - ruleset "main" (priority 10, ALL_MATCHES), for every other caller:
 *   "everything" -> plain folder + storescp; "ct-institution" (Modality = CT) -> set
 *   InstitutionName, to the morphed folder.
 */
export async function seedRouting(
  http: ApiClient,
  as: Caller,
  o: { listenerPort: number; storescpPort: number; dirs: { plain: string; morphed: string; crash: string } },
): Promise<SeededRouting> {
  const create = (path: string, body: unknown): Promise<Entity> => http.expect<Entity>(201, 'POST', path, as, body);
  const listener = await create('/config/dimse-listeners', listenerBody(o.listenerPort, { name: 'e2e' }));
  const plain = await create('/config/storage-backends', filesystemBackendBody(o.dirs.plain, { name: 'plain' }));
  const morphed = await create('/config/storage-backends', filesystemBackendBody(o.dirs.morphed, { name: 'morphed' }));
  const crash = await create('/config/storage-backends', filesystemBackendBody(o.dirs.crash, { name: 'crash' }));
  // as_received_only: this destination proves byte-faithful delivery, so nothing may be converted for it
  const storescp = await create(
    '/config/storage-backends',
    cstoreBackendBody(o.storescpPort, { name: 'storescp', transfer_syntax_policy: 'as_received_only' }),
  );
  const crashSet = await create(
    '/rules-engine/rulesets',
    rulesetBody({ name: 'crash-test', priority: 0, execution_mode: ExecutionMode.FirstMatch }),
  );
  const main = await create('/rules-engine/rulesets', rulesetBody({ name: 'main', priority: 10 }));
  const notKill: AssociationCriterion[] = [{ parameter: 'CALLING_AE_TITLE', op: 'ne', value: 'KILLTEST' }];
  await create(
    '/rules-engine/rules',
    ruleBody(crashSet.id, [crash.id], {
      name: 'kill-test',
      association_criteria: [{ parameter: 'CALLING_AE_TITLE', op: 'eq', value: 'KILLTEST' }],
    }),
  );
  await create(
    '/rules-engine/rules',
    ruleBody(main.id, [plain.id, storescp.id], { name: 'everything', association_criteria: notKill }),
  );
  await create(
    '/rules-engine/rules',
    ruleBody(main.id, [morphed.id], {
      name: 'ct-institution',
      priority: 1,
      match_criteria: [{ tag: 'Modality', op: 'eq', value: 'CT' }],
      association_criteria: notKill,
      tag_modifications: [{ action: 'set', tag: 'InstitutionName', value: 'AXIOM TEST' }],
    }),
  );
  return {
    listener: listener.id,
    backends: { plain: plain.id, morphed: morphed.id, crash: crash.id, storescp: storescp.id },
  };
}
