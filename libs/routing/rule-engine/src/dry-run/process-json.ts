import {
  DicomFile,
  DicomJson,
  DicomJsonError,
  TransferSyntax,
  buildPart10Header,
  datasetToDicomJson,
  dicomJsonToDataset,
} from '@axiom/dicom-io';
import { SourceType, type RulesetDefinition } from '@axiom/domain';
import type { MorphOptions } from '../types';
import { dryRunFile } from './file-dry-run';

/** The contract's response of POST /rules-engine/process-json (snake_case on the wire). */
export interface ProcessJsonResult {
  original_json: unknown;
  morphed_json: DicomJson | null;
  applied_ruleset_id: number | null;
  applied_rule_ids: number[];
  source_identifier: string;
  errors: string[];
  warnings: string[];
}

const SPECIFIC_CHARACTER_SET_KEY = '00080005';

/**
 * Dry run on a DICOM JSON object: converted to a binary data set, matched and morphed by the
 * same code as routed instances, and converted back. Rulesets are the caller's (filtered to one
 * when `rulesetId` is given).
 */
export function processJson(params: {
  dicomJson: unknown;
  rulesets: RulesetDefinition[];
  rulesetId?: number | null;
  sourceIdentifier?: string | null;
  options?: MorphOptions;
}): ProcessJsonResult {
  const source = params.sourceIdentifier ?? SourceType.ApiJson;
  const result: ProcessJsonResult = {
    original_json: params.dicomJson,
    morphed_json: null,
    applied_ruleset_id: null,
    applied_rule_ids: [],
    source_identifier: source,
    errors: [],
    warnings: [],
  };
  const json = params.dicomJson as DicomJson;
  let file: DicomFile;
  try {
    // JSON text is Unicode: the binary form says so, whatever the input's (0008,0005) claimed
    const forBinary: DicomJson = { ...json, [SPECIFIC_CHARACTER_SET_KEY]: { vr: 'CS', Value: ['ISO_IR 192'] } };
    const dataset = dicomJsonToDataset(forBinary, result.warnings);
    const sopClass = String(json['00080016']?.Value?.[0] ?? '1.2.840.10008.5.1.4.1.1.7');
    const sopInstance = String(json['00080018']?.Value?.[0] ?? '2.25.0');
    const header = buildPart10Header({
      sopClassUid: sopClass,
      sopInstanceUid: sopInstance,
      transferSyntaxUid: TransferSyntax.ExplicitVrLittleEndian,
    });
    file = DicomFile.parse(Buffer.concat([header, dataset]));
  } catch (err) {
    result.errors.push(err instanceof DicomJsonError ? err.message : `invalid DICOM JSON: ${(err as Error).message}`);
    return result;
  }
  const rulesets =
    params.rulesetId === undefined || params.rulesetId === null
      ? params.rulesets
      : params.rulesets.filter((r) => r.id === params.rulesetId);
  if (params.rulesetId !== undefined && params.rulesetId !== null && rulesets.length === 0)
    result.errors.push(`ruleset ${params.rulesetId} not found`);
  const run = dryRunFile({ file, rulesets, origin: { sourceName: source }, options: params.options });
  result.applied_rule_ids = run.appliedRuleIds;
  result.applied_ruleset_id = run.rulesets.find((r) => r.rules.some((rule) => rule.matched))?.rulesetId ?? null;
  result.warnings.push(...run.warnings);
  const out = run.morph.output ? DicomFile.parse(run.morph.output) : file;
  const morphed = datasetToDicomJson(out.dataset, out.elements, out.charsetTerms);
  // put back the input's own (0008,0005) unless a modification changed it
  const charsetChanged = run.diff.some((c) => c.keyword === 'SpecificCharacterSet');
  if (!charsetChanged) {
    const original = json[SPECIFIC_CHARACTER_SET_KEY];
    if (original) morphed[SPECIFIC_CHARACTER_SET_KEY] = original;
    else delete morphed[SPECIFIC_CHARACTER_SET_KEY];
  }
  result.morphed_json = morphed;
  return result;
}
