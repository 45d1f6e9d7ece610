import { ErrorCode, type ProcessFileResponseDto } from '@axiom/contracts';
import { DicomFile, DicomParseError } from '@axiom/dicom-io';
import type { RulesetDefinition } from '@axiom/domain';
import type { FileDryRunResult } from '@axiom/rule-engine';
import { RequestException } from '@axiom/platform-http';

/** The multipart `file` part as the temp-file storage engine leaves it (`req.file`). */
export interface UploadedDicom {
  path: string;
  size: number;
  originalname?: string;
}

export function requireUpload(upload: UploadedDicom | undefined): UploadedDicom {
  if (!upload?.path || !upload.size) {
    throw new RequestException(ErrorCode.BadRequest, 'a DICOM file is required in the multipart field "file"', [
      { path: 'file', message: 'required' },
    ]);
  }
  return upload;
}

/** Reads the upload (header or whole); a file that is not DICOM, or over the bounds, is a 422. */
export async function readUpload(read: () => Promise<DicomFile>): Promise<DicomFile> {
  let file: DicomFile;
  try {
    file = await read();
  } catch (err) {
    if (!(err instanceof DicomParseError)) throw err; // DicomLimitError included: a 422 with the reason
    throw unreadable(err.message);
  }
  // a header-only walk stops at the first tag past the pixel data, so garbage (a JPEG) reads as an
  // empty data set: an object without a SOP Instance UID is no DICOM instance
  if (file.elements.length === 0 || !file.identity().sopInstanceUid)
    throw unreadable('no SOP Instance UID (0008,0018) before the pixel data');
  return file;
}

function unreadable(reason: string): RequestException {
  return RequestException.invalid([{ path: 'file', message: `not a readable DICOM file: ${reason}` }]);
}

/** The same rulesets with their modifications left out: for the header-only pass that only matches. */
export function withoutModifications(rulesets: RulesetDefinition[]): RulesetDefinition[] {
  return rulesets.map((rs) => ({ ...rs, rules: rs.rules.map((r) => ({ ...r, tagModifications: [] })) }));
}

/** Whether a rule the run applied modifies the instance (then the whole file must be read). */
export function appliedRulesMorph(run: FileDryRunResult, rulesets: RulesetDefinition[]): boolean {
  const applied = new Set(run.appliedRuleIds);
  return rulesets.some((rs) => rs.rules.some((r) => applied.has(r.id) && r.tagModifications.length > 0));
}

export function toFileResponse(params: {
  file: DicomFile;
  source: string;
  run: FileDryRunResult;
  warnings: string[];
  activeOf: Map<number, boolean>;
}): ProcessFileResponseDto {
  const { file, run } = params;
  const identity = file.identity();
  return {
    sop_class_uid: identity.sopClassUid,
    sop_instance_uid: identity.sopInstanceUid,
    transfer_syntax_uid: file.transferSyntaxUid,
    source_identifier: params.source,
    rulesets: run.rulesets.map((rs) => ({
      // a ruleset asked for by id is evaluated even when inactive: report what it really is
      ruleset_id: rs.rulesetId,
      name: rs.name,
      execution_mode: rs.executionMode,
      is_active: params.activeOf.get(rs.rulesetId) ?? rs.active,
      rules: rs.rules.map((r) => ({
        rule_id: r.ruleId,
        name: r.name,
        matched: r.matched,
        skipped: r.skipped,
        association_criteria: r.associationCriteria,
        match_criteria: r.matchCriteria,
        destination_ids: r.destinationIds,
      })),
    })),
    applied_rule_ids: run.appliedRuleIds,
    destination_ids: run.destinationIds,
    diff: run.diff,
    warnings: [...params.warnings, ...run.warnings],
  };
}
