import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import type { AssociationCriterion, MatchCriterion } from '@axiom/domain';
import { AssociationCriterionDto, CRITERION_MODELS, MATCH_CRITERION_SCHEMA } from '../rules/rule-criteria.dto';

const EXAMPLE_JSON = {
  '00080060': { vr: 'CS', Value: ['CT'] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^John' }] },
};

/** A dry run on a DICOM JSON object (POST rules-engine/process-json). */
export class ProcessJsonDto {
  @ApiProperty({
    description: 'a DICOM JSON object (PS3.18 F.2)',
    example: EXAMPLE_JSON,
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  dicom_json: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'evaluate this ruleset only (active or not)', example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  ruleset_id?: number;

  @ApiPropertyOptional({
    description: 'source name the rules see (applicable_sources)',
    example: 'api_json',
    default: 'api_json',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  source_identifier?: string;
}

/** The JSON dry run's answer: the object before and after the matched rules' modifications. */
export class ProcessJsonResponseDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) original_json: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) morphed_json: unknown;
  @ApiProperty({ nullable: true, example: 1 }) applied_ruleset_id: number | null;
  @ApiProperty({ type: [Number], example: [2] }) applied_rule_ids: number[];
  @ApiProperty({ example: 'api_json' }) source_identifier: string;
  @ApiProperty({ type: [String] }) errors: string[];
  @ApiProperty({
    type: [String],
    description: 'morphing warnings, and e.g. `rule 5 "CT": applicable_sources[0]: no source named "nope"`',
  })
  warnings: string[];
}

/** Multipart text fields next to the `file` part (all arrive as strings). */
export class ProcessFileDto {
  @ApiPropertyOptional({ description: 'evaluate this ruleset only (active or not)', example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  ruleset_id?: number;

  @ApiPropertyOptional({ example: 'ct-listener' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  source_identifier?: string;

  @ApiPropertyOptional({ example: 'CT_ED_1' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  calling_ae_title?: string;

  @ApiPropertyOptional({ example: 'AXIOM' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  called_ae_title?: string;

  @ApiPropertyOptional({ example: '10.20.1.7' })
  @IsOptional()
  @IsString()
  @MaxLength(45)
  source_ip?: string;
}

/** One element the matched rules' modifications change. */
export class TagChangeDto {
  @ApiProperty({
    example: '(0010,0010)',
    description: 'tag, or path into sequences such as (0008,1110)[0].(0008,1155)',
  })
  tag: string;
  @ApiPropertyOptional({ example: 'PatientName' }) keyword?: string;
  @ApiProperty({ type: [String], nullable: true, example: ['Doe^John'] }) before: string[] | null;
  @ApiProperty({ type: [String], nullable: true, example: ['ANONYMOUS'] }) after: string[] | null;
}

/** One criterion of a rule as a file dry run evaluated it. */
@ApiExtraModels(...CRITERION_MODELS)
export class CriterionTraceDto {
  @ApiProperty({
    description: 'the criterion as the rule has it',
    oneOf: [...MATCH_CRITERION_SCHEMA.oneOf, { $ref: getSchemaPath(AssociationCriterionDto) }],
  })
  criterion: MatchCriterion | AssociationCriterion;

  @ApiProperty() held: boolean;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description: 'the values seen (tag criteria) or the association value; null = absent; none for all / any / not',
  })
  actual?: string[] | null;

  @ApiPropertyOptional({
    type: () => [CriterionTraceDto],
    description: 'the traces of the criteria under all / any / not',
  })
  parts?: CriterionTraceDto[];
}

/** Whether a rule matched, and why: each criterion with the values seen. */
export class RuleTraceDto {
  @ApiProperty() rule_id: number;
  @ApiProperty() name: string;
  @ApiProperty() matched: boolean;
  @ApiPropertyOptional({ enum: ['inactive', 'source_not_applicable', 'first_match_already_found'] }) skipped?: string;
  @ApiProperty({ type: [CriterionTraceDto] }) association_criteria: CriterionTraceDto[];
  @ApiProperty({ type: [CriterionTraceDto] }) match_criteria: CriterionTraceDto[];
  @ApiProperty({ type: [Number] }) destination_ids: number[];
}

/** A ruleset of a file dry run, with the trace of each of its rules. */
export class RulesetTraceDto {
  @ApiProperty() ruleset_id: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['FIRST_MATCH', 'ALL_MATCHES'] }) execution_mode: string;
  @ApiProperty() is_active: boolean;
  @ApiProperty({ type: [RuleTraceDto] }) rules: RuleTraceDto[];
}

/** The file dry run's answer: what matched and why, where it would go, and what would change. */
export class ProcessFileResponseDto {
  @ApiPropertyOptional({ example: '1.2.840.10008.5.1.4.1.1.2' }) sop_class_uid?: string;
  @ApiPropertyOptional() sop_instance_uid?: string;
  @ApiProperty({ example: '1.2.840.10008.1.2.1' }) transfer_syntax_uid: string;
  @ApiProperty({ example: 'ct-listener' }) source_identifier: string;
  @ApiProperty({ type: [RulesetTraceDto] }) rulesets: RulesetTraceDto[];
  @ApiProperty({ type: [Number] }) applied_rule_ids: number[];
  @ApiProperty({ type: [Number], description: 'storage backends the instance would be sent to' })
  destination_ids: number[];
  @ApiProperty({ type: [TagChangeDto] }) diff: TagChangeDto[];
  @ApiProperty({
    type: [String],
    description: 'morphing warnings, and e.g. `rule 5 "CT": applicable_sources[0]: no source named "nope"`',
  })
  warnings: string[];
}
