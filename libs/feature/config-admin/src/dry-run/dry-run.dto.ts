import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';

const EXAMPLE_JSON = { '00080060': { vr: 'CS', Value: ['CT'] }, '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^John' }] } };

export class ProcessJsonDto {
  @ApiProperty({ description: 'a DICOM JSON object (PS3.18 F.2)', example: EXAMPLE_JSON, type: 'object', additionalProperties: true })
  @IsObject()
  dicom_json: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'evaluate this ruleset only (active or not)', example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  ruleset_id?: number;

  @ApiPropertyOptional({ description: 'source name the rules see (applicable_sources)', example: 'api_json', default: 'api_json' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  source_identifier?: string;
}

export class ProcessJsonResponseDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) original_json: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) morphed_json: unknown;
  @ApiProperty({ nullable: true, example: 1 }) applied_ruleset_id: number | null;
  @ApiProperty({ type: [Number], example: [2] }) applied_rule_ids: number[];
  @ApiProperty({ example: 'api_json' }) source_identifier: string;
  @ApiProperty({ type: [String] }) errors: string[];
  @ApiProperty({ type: [String], description: 'morphing warnings, and e.g. `rule 5 "CT": applicable_sources[0]: no source named "nope"`' }) warnings: string[];
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

export class TagChangeDto {
  @ApiProperty({ example: '(0010,0010)', description: 'tag, or path into sequences such as (0008,1110)[0].(0008,1155)' }) tag: string;
  @ApiPropertyOptional({ example: 'PatientName' }) keyword?: string;
  @ApiProperty({ type: [String], nullable: true, example: ['Doe^John'] }) before: string[] | null;
  @ApiProperty({ type: [String], nullable: true, example: ['ANONYMOUS'] }) after: string[] | null;
}

export class RuleTraceDto {
  @ApiProperty() rule_id: number;
  @ApiProperty() name: string;
  @ApiProperty() matched: boolean;
  @ApiPropertyOptional({ enum: ['inactive', 'source_not_applicable', 'first_match_already_found'] }) skipped?: string;
  @ApiProperty({ description: 'per criterion: {criterion, held, actual, parts}', type: 'array', items: { type: 'object' } }) association_criteria: unknown[];
  @ApiProperty({ description: 'per criterion: {criterion, held, actual (values seen; null = absent), parts (all/any/not)}', type: 'array', items: { type: 'object' } }) match_criteria: unknown[];
  @ApiProperty({ type: [Number] }) destination_ids: number[];
}

export class RulesetTraceDto {
  @ApiProperty() ruleset_id: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['FIRST_MATCH', 'ALL_MATCHES'] }) execution_mode: string;
  @ApiProperty() is_active: boolean;
  @ApiProperty({ type: [RuleTraceDto] }) rules: RuleTraceDto[];
}

export class ProcessFileResponseDto {
  @ApiPropertyOptional({ example: '1.2.840.10008.5.1.4.1.1.2' }) sop_class_uid?: string;
  @ApiPropertyOptional() sop_instance_uid?: string;
  @ApiProperty({ example: '1.2.840.10008.1.2.1' }) transfer_syntax_uid: string;
  @ApiProperty({ example: 'ct-listener' }) source_identifier: string;
  @ApiProperty({ type: [RulesetTraceDto] }) rulesets: RulesetTraceDto[];
  @ApiProperty({ type: [Number] }) applied_rule_ids: number[];
  @ApiProperty({ type: [Number], description: 'storage backends the instance would be sent to' }) destination_ids: number[];
  @ApiProperty({ type: [TagChangeDto] }) diff: TagChangeDto[];
  @ApiProperty({ type: [String], description: 'morphing warnings, and e.g. `rule 5 "CT": applicable_sources[0]: no source named "nope"`' }) warnings: string[];
}
