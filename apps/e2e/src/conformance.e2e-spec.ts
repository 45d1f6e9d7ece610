import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DicomFile } from '@axiom/dicom-io';
import { StoreAssociation, type PresentationNeed } from '@axiom/dicom-dimse';
import type { TagModification } from '@axiom/domain';
import { applyModifications } from '@axiom/rule-engine';
import { type Proc, REPO_ROOT, echo, freePorts, run, startStorescp, validSamples, waitFor } from '@axiom/testing';

/**
 * DICOM conformance of every morphed output: each valid sample x {no change, an ASCII set, a set
 * that needs a character set switch, deidentify}, morphed with the rule engine's own functions,
 * must dump without a new dcmdump warning (+U8 decoding where it decoded before, and always for
 * ISO_IR 192), and be accepted by dcmtk's storescp and by Orthanc when sent with our SCU.
 */
jest.setTimeout(600_000);

const OPTIONS = { uidSecret: 'conformance-uid-secret', dateShiftSecret: 'conformance-date-secret' };
const GREEK = 'Ωμέγα^Σίγμα';
const VARIANTS: { name: string; mods: TagModification[] | null }[] = [
  { name: 'unchanged', mods: null },
  { name: 'set-ascii', mods: [{ action: 'set', tag: 'InstitutionName', value: 'Axiom Conformance Hospital' }] },
  { name: 'set-charset', mods: [{ action: 'set', tag: 'PatientName', value: GREEK }] },
  { name: 'deidentify', mods: [{ action: 'deidentify' }] },
];

interface Output {
  label: string;
  samplePath: string;
  path: string;
  variant: string;
  file: DicomFile;
}

const workDir = mkdtempSync(join(tmpdir(), 'axiom-conformance-'));
const outDir = join(workDir, 'outputs');
mkdirSync(outDir);

/** The outputs, built once at collection time: the router's path (header-only read, then morph). */
const outputs: Output[] = validSamples().flatMap((sample) => {
  const bytes = readFileSync(sample.path);
  const source = DicomFile.parse(bytes, { headerOnly: true });
  return VARIANTS.map(({ name, mods }) => {
    const morphed = mods ? applyModifications(source, mods, OPTIONS).output : null;
    const path = morphed ? join(outDir, `${sample.name.replace(/\.dcm$/, '')}--${name}.dcm`) : sample.path;
    if (morphed) writeFileSync(path, morphed);
    return {
      label: `${sample.name} ${name}`,
      samplePath: sample.path,
      path,
      variant: name,
      file: DicomFile.parse(morphed ?? bytes),
    };
  });
});

/** dcmdump's warning and error lines, without the file name so that input and output compare. */
function dumpProblems(path: string, args: string[] = []): { status: number; problems: string[]; output: string } {
  const r = run('dcmdump', [...args, path], 60_000);
  const problems = r.output
    .split('\n')
    .filter((l) => /^(W|E|F): /.test(l))
    .map((l) => l.replace(path, '<file>'));
  return { status: r.status, problems: [...new Set(problems)], output: r.output };
}

describe('conformance of morphed outputs: dcmdump', () => {
  it('covers the corpus', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(45 * VARIANTS.length);
    expect(outputs.filter((o) => o.path !== o.samplePath).length).toBeGreaterThanOrEqual(
      45 * (VARIANTS.length - 1) - 5,
    );
  });

  it.each(outputs.map((o) => [o.label, o] as const))('%s: no new dcmdump warning, +U8 decodes', (_label, o) => {
    const before = dumpProblems(o.samplePath);
    const after = dumpProblems(o.path);
    if (before.status === 0) expect(after.status).toBe(0);
    expect(after.problems.filter((p) => !before.problems.includes(p))).toEqual([]);
    if (o.file.charsetTerms.length === 0) return;
    // +U8 where dcmtk could convert the sample: what we write must stay convertible (ISO_IR 192 included)
    const utf8Before = dumpProblems(o.samplePath, ['+U8']);
    const utf8After = dumpProblems(o.path, ['+U8']);
    if (utf8Before.status === 0) expect(utf8After.status).toBe(0);
    expect(utf8After.problems.filter((p) => !before.problems.includes(p) && !utf8Before.problems.includes(p))).toEqual(
      [],
    );
    if (o.variant === 'set-charset' && utf8After.status === 0) expect(utf8After.output).toContain(GREEK);
  });
});

/** A receiver on 127.0.0.1 and how to stop it. */
interface Receiver {
  name: string;
  port: number;
  aeTitle: string;
  stop: () => Promise<void>;
}

async function startStorescpReceiver(port: number): Promise<Receiver> {
  const proc: Proc = startStorescp(port, join(workDir, 'storescp'));
  await waitFor('storescp to answer C-ECHO', () => echo(port, 'STORESCP'), 30_000, 200);
  return { name: 'storescp', port, aeTitle: 'STORESCP', stop: () => proc.stop() };
}

async function startOrthancReceiver(httpPort: number, dicomPort: number): Promise<Receiver> {
  const script = resolve(REPO_ROOT, '..', 'shared', 'peers', 'start-orthanc.sh');
  const r = run('bash', [script, join(workDir, 'orthanc'), String(httpPort), String(dicomPort)], 60_000);
  const pid = Number(r.output.trim().split('\n').pop());
  if (r.status !== 0 || !Number.isInteger(pid) || pid <= 0) throw new Error(`Orthanc did not start: ${r.output}`);
  await waitFor('Orthanc to answer C-ECHO', () => echo(dicomPort, 'ORTHANC'), 30_000, 200);
  const stop = async (): Promise<void> => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    await waitFor(
      'Orthanc to exit',
      () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      },
      20_000,
      200,
    ).catch(() => process.kill(pid, 'SIGKILL'));
  };
  return { name: 'Orthanc', port: dicomPort, aeTitle: 'ORTHANC', stop };
}

const datasetLength = (o: Output): number => statSync(o.path).size - o.file.layout.datasetOffset;

/**
 * Why an output is not sent, when that is not our doing: no SOP UIDs, a context the receiver
 * refuses, or an odd-length data set the sample itself has (PDVs must be even; a sample passes
 * through byte for byte). An odd data set that morphing produced is a failure, not a skip.
 */
function notSendable(
  o: Output,
  scu: StoreAssociation,
  need: PresentationNeed,
  baseline: Output | undefined,
): { skip?: string; failure?: string } {
  const id = o.file.identity();
  if (!id.sopClassUid || !id.sopInstanceUid) return { skip: 'no SOP Class or SOP Instance UID, C-STORE needs both' };
  const refusal = scu.refusal(need);
  if (refusal) return { skip: refusal };
  if (datasetLength(o) % 2 === 0) return {};
  if (o.variant === 'unchanged')
    return { skip: 'the sample as received has an odd-length data set, passed through unchanged' };
  const inherited = baseline !== undefined && !o.file.syntax.deflated && datasetLength(baseline) % 2 === 1;
  return inherited
    ? { skip: 'odd-length data set inherited from an untouched element of the sample (pixel data)' }
    : { failure: 'morphing produced an odd-length data set' };
}

/** Sends every output over one association (reopened only after a transport failure). */
async function sendAll(receiver: Receiver): Promise<{ sent: number; skipped: string[]; failures: string[] }> {
  const peer = {
    host: '127.0.0.1',
    port: receiver.port,
    callingAeTitle: 'AXIOM_CONF',
    calledAeTitle: receiver.aeTitle,
  };
  const timeouts = { connectTimeoutMs: 5000, responseTimeoutMs: 15_000 };
  const needOf = (o: Output): PresentationNeed => ({
    sopClassUid: o.file.identity().sopClassUid ?? '',
    transferSyntaxUid: o.file.transferSyntaxUid,
  });
  const needs = outputs.filter((o) => o.file.identity().sopClassUid).map(needOf);
  const skipped: string[] = [];
  const failures: string[] = [];
  const baselineStatus = new Map<string, number>();
  let sent = 0;
  let scu = new StoreAssociation(peer, timeouts);
  await scu.open(needs);
  try {
    for (const o of outputs) {
      const need = needOf(o);
      const baseline = outputs.find((b) => b.samplePath === o.samplePath && b.variant === 'unchanged');
      const verdict = notSendable(o, scu, need, baseline);
      if (verdict.skip) skipped.push(`${o.label}: ${verdict.skip}`);
      if (verdict.failure) failures.push(`${o.label}: ${verdict.failure}`);
      if (verdict.skip || verdict.failure) continue;
      try {
        const rsp = await scu.store({
          ...need,
          path: o.path,
          datasetOffset: o.file.layout.datasetOffset,
          sopInstanceUid: o.file.identity().sopInstanceUid ?? '',
        });
        if (o.variant === 'unchanged') baselineStatus.set(o.samplePath, rsp.status);
        const refusedAsSample = (baselineStatus.get(o.samplePath) ?? 0) !== 0;
        if (rsp.status === 0) sent++;
        else if (refusedAsSample)
          skipped.push(`${o.label}: status 0x${rsp.status.toString(16)}, as for the sample as received`);
        else failures.push(`${o.label}: status 0x${rsp.status.toString(16)} ${rsp.errorComment ?? ''}`);
      } catch (err) {
        failures.push(`${o.label}: ${(err as Error).message}`);
        scu.abort();
        scu = new StoreAssociation(peer, timeouts);
        await scu.open(needs);
      }
    }
  } finally {
    await scu.release();
  }
  return { sent, skipped, failures };
}

describe('conformance of morphed outputs: receivers accept them from our SCU', () => {
  const receivers: Receiver[] = [];
  beforeAll(async () => {
    const [scpPort, orthancHttp, orthancDicom] = await freePorts(3);
    receivers.push(await startStorescpReceiver(scpPort as number));
    receivers.push(await startOrthancReceiver(orthancHttp as number, orthancDicom as number));
  });
  afterAll(async () => {
    for (const r of receivers) await r.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it.each([['storescp'], ['Orthanc']])('%s accepts every output on one association', async (name) => {
    const receiver = receivers.find((r) => r.name === name) as Receiver;
    const result = await sendAll(receiver);
    // the skips are said, with their reason, so that a growing skip list is seen
    if (result.skipped.length > 0) process.stdout.write(`${name}: skipped\n  ${result.skipped.join('\n  ')}\n`);
    expect(result.failures).toEqual([]);
    expect(result.sent).toBe(outputs.length - result.skipped.length);
    expect(result.sent).toBeGreaterThan(150);
  });
});
