import { Inject, Injectable, Optional } from '@nestjs/common';
import { ErrorCode } from '@axiom/contracts';
import { DicomFile, DicomParseError } from '@axiom/dicom-io';
import { API_JSON_SOURCE, type RulesetDefinition } from '@axiom/domain';
import { type MorphOptions, dryRunFile, processJson } from '@axiom/rule-engine';
import { ConfigAdminException } from '../common/config-admin.exception';
import type { ProcessFileDto, ProcessFileResponseDto, ProcessJsonDto, ProcessJsonResponseDto } from './dry-run.dto';
import { DRY_RUN_MORPH_OPTIONS, RULESET_LOADER, type RulesetLoader } from './ruleset-loader';

/** The part of an uploaded multipart file the dry run reads (multer memory storage). */
export interface UploadedDicom {
  buffer: Buffer;
  originalname?: string;
}

/** Dry runs of the rule engine: nothing is stored, nothing is sent. */
@Injectable()
export class DryRunService {
  constructor(
    @Inject(RULESET_LOADER) private readonly loader: RulesetLoader,
    @Optional() @Inject(DRY_RUN_MORPH_OPTIONS) private readonly morphOptions: MorphOptions = {},
  ) {}

  async processJson(dto: ProcessJsonDto): Promise<ProcessJsonResponseDto> {
    const rulesets = await this.rulesets(dto.ruleset_id);
    return processJson({ dicomJson: dto.dicom_json, rulesets, sourceIdentifier: dto.source_identifier, options: this.morphOptions });
  }

  async processFile(upload: UploadedDicom | undefined, dto: ProcessFileDto): Promise<ProcessFileResponseDto> {
    if (!upload?.buffer?.length) {
      throw new ConfigAdminException(ErrorCode.BadRequest, 'a DICOM file is required in the multipart field "file"', [{ path: 'file', message: 'required' }]);
    }
    let file: DicomFile;
    try {
      file = DicomFile.parse(upload.buffer); // a full parse: an upload is checked to its last byte, as ingest does
    } catch (err) {
      if (!(err instanceof DicomParseError)) throw err;
      throw ConfigAdminException.invalid([{ path: 'file', message: `not a readable DICOM file: ${err.message}` }]);
    }
    const rulesets = await this.rulesets(dto.ruleset_id);
    const source = dto.source_identifier ?? API_JSON_SOURCE;
    const run = dryRunFile({
      file, rulesets, options: this.morphOptions,
      origin: { sourceName: source, callingAeTitle: dto.calling_ae_title ?? null, calledAeTitle: dto.called_ae_title ?? null, sourceIp: dto.source_ip ?? null },
    });
    const identity = file.identity();
    return {
      sop_class_uid: identity.sopClassUid,
      sop_instance_uid: identity.sopInstanceUid,
      transfer_syntax_uid: file.transferSyntaxUid,
      source_identifier: source,
      rulesets: run.rulesets.map((rs) => ({
        ruleset_id: rs.rulesetId, name: rs.name, execution_mode: rs.executionMode, is_active: rs.active,
        rules: rs.rules.map((r) => ({
          rule_id: r.ruleId, name: r.name, matched: r.matched, skipped: r.skipped,
          association_criteria: r.associationCriteria, match_criteria: r.matchCriteria, destination_ids: r.destinationIds,
        })),
      })),
      applied_rule_ids: run.appliedRuleIds,
      destination_ids: run.destinationIds,
      diff: run.diff,
      warnings: run.warnings,
    };
  }

  private async rulesets(id: number | undefined): Promise<RulesetDefinition[]> {
    if (id === undefined) return this.loader.loadActive();
    const one = await this.loader.loadOne(id);
    if (!one) throw ConfigAdminException.notFound('ruleset', id);
    return [one];
  }
}
