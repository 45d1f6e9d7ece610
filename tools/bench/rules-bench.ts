// Rule engine benchmark: criteria evaluated per second and morph+write throughput, with dcmjs's
// plain read+write loop measured in the same run as the reference. One core, medians of runs.
//   npm run bench:rules            (DICOM_SAMPLES_DIR overrides ../shared/dicom-samples)
import * as dcmjs from 'dcmjs';
import { DicomFile } from '@axiom/dicom-io';
import { readSampleFile, sampleCorpusDir } from '@axiom/dicom-io/testing';
import type { MatchCriterion, RulesetDefinition, TagModification } from '@axiom/domain';
import { applyModifications, evaluateRulesets } from '@axiom/rule-engine';

const SAMPLE = 'ct-full-512-explicit-le.dcm';
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const SECONDS_PER_RUN = Number(process.env['BENCH_SECONDS'] ?? 1);

interface DcmjsData {
  DicomMessage: { readFile(buffer: ArrayBuffer): { write(): ArrayBuffer } };
}
const dcmjsData = dcmjs as unknown as { data: DcmjsData; log: { setLevel(l: string): void } };

/** Calls fn repeatedly for about SECONDS_PER_RUN and returns calls per second; median of RUNS. */
function rate(fn: () => void): number {
  const results: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let n = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round(SECONDS_PER_RUN * 1e9));
    let now = start;
    while (now < end) {
      for (let i = 0; i < 10; i++) fn();
      n += 10;
      now = process.hrtime.bigint();
    }
    results.push(n / (Number(now - start) / 1e9));
  }
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)] ?? 0;
}

/** Ten criteria that all hold on the CT sample, so that every one of them is evaluated. */
function tenCriteria(i: number): MatchCriterion[] {
  return [
    { tag: 'Modality', op: 'eq', value: 'CT' },
    { tag: 'Rows', op: 'ge', value: 512 - (i % 3) },
    { tag: 'PatientName', op: 'exists' },
    { tag: 'ImageType', op: 'contains', value: 'AXIAL' },
    { tag: 'StudyDate', op: 'gt', value: '19900101' },
    { tag: 'SOPClassUID', op: 'startswith', value: '1.2.840.10008.5.1.4.1.1.2' },
    { tag: 'Modality', op: 'in', value: ['MR', 'CT', `X${i}`] },
    { tag: 'Manufacturer', op: 'regex', value: '^GE' },
    { tag: 'SliceThickness', op: 'lt', value: 100 + i },
    { tag: 'Modality', op: 'ne', value: `US${i}` },
  ];
}

function benchCriteria(file: DicomFile): number {
  const ruleset: RulesetDefinition = {
    id: 1,
    name: 'bench',
    isActive: true,
    priority: 0,
    executionMode: 'ALL_MATCHES',
    rules: Array.from({ length: 100 }, (_, i) => ({
      id: i + 1,
      name: `rule ${i}`,
      isActive: true,
      priority: i,
      matchCriteria: tenCriteria(i),
      associationCriteria: [],
      tagModifications: [],
      applicableSources: null,
      destinationIds: [1],
    })),
  };
  const origin = { sourceName: 'bench' };
  const matched = evaluateRulesets([ruleset], file, origin).matches.length;
  if (matched !== 100)
    throw new Error(`bench rules must all match to count 1000 criteria per pass; ${matched} matched`);
  return rate(() => evaluateRulesets([ruleset], file, origin)) * 1000;
}

const FIVE_EDITS: TagModification[] = [
  { action: 'set', tag: 'PatientName', value: 'ANON^PATIENT' },
  { action: 'set', tag: 'PatientID', value: 'ANON0001' },
  { action: 'set', tag: 'AccessionNumber', value: 'A0001' },
  { action: 'set', tag: 'InstitutionName', value: 'ROUTED' },
  { action: 'set', tag: 'StudyDescription', value: 'ROUTED STUDY' },
];

function main(): void {
  dcmjsData.log.setLevel('error');
  const buf = readSampleFile(SAMPLE);
  const file = DicomFile.parse(buf, { headerOnly: true });
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  console.log(
    `samples: ${sampleCorpusDir()}  file: ${SAMPLE} (${(buf.length / 1024).toFixed(0)} KiB)  runs: ${RUNS} x ${SECONDS_PER_RUN}s, medians, one core`,
  );

  const criteria = benchCriteria(file);
  console.log(
    `criteria evaluated/s (100 rules x 10 criteria, parsed CT header): ${Math.round(criteria).toLocaleString('en-US')}`,
  );

  const check = applyModifications(DicomFile.parse(buf, { headerOnly: true }), FIVE_EDITS);
  if (!check.output || check.changes.length !== 5) throw new Error('the 5 modifications did not all apply');
  const morph = rate(() => {
    const f = DicomFile.parse(buf, { headerOnly: true });
    applyModifications(f, FIVE_EDITS);
  });
  const reference = rate(() => {
    dcmjsData.data.DicomMessage.readFile(ab).write();
  });
  console.log(`parse header + 5 modifications + write: ${morph.toFixed(0)} instances/s`);
  console.log(`dcmjs DicomMessage.readFile + write (reference): ${reference.toFixed(0)} instances/s`);
  console.log(`ratio (ours / dcmjs): ${(morph / reference).toFixed(1)}x`);
}

main();
