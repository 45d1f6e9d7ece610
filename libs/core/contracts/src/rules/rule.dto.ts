import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { TimestampsDto } from '../common/timestamps.dto';
import { StorageBackendDto } from '../config/storage-backend.dto';

const MATCH_EXAMPLE = [{ tag: 'Modality', op: 'eq', value: 'CT' }, { tag: '0008,0080', op: 'contains', value: 'General' }];
const ASSOCIATION_EXAMPLE = [{ parameter: 'CALLING_AE_TITLE', op: 'eq', value: 'MODALITY1' }];
const MODIFICATIONS_EXAMPLE = [{ action: 'set', tag: 'InstitutionName', value: 'Axiom Hospital' }, { action: 'delete', tag: 'PatientComments' }];

export class CreateRuleDto {
  @ApiProperty({ example: 1 })
  @IsInt() @Min(1)
  ruleset_id: number;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'CT from MODALITY1' })
  @IsString() @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional() @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ default: 100, description: 'lower runs first within the ruleset' })
  @IsOptional() @IsInt() @Min(-1_000_000) @Max(1_000_000)
  priority?: number;

  @ApiPropertyOptional({ description: 'all must hold: [{tag, op, value}]; op is eq ne gt lt ge le contains startswith endswith exists not_exists regex in not_in', example: MATCH_EXAMPLE, type: 'array', items: { type: 'object' } })
  @IsOptional() @IsArray() @ArrayMaxSize(500)
  match_criteria?: unknown[];

  @ApiPropertyOptional({ description: '[{parameter: SOURCE_IP|CALLING_AE_TITLE|CALLED_AE_TITLE, op, value}]', example: ASSOCIATION_EXAMPLE, type: 'array', items: { type: 'object' } })
  @IsOptional() @IsArray() @ArrayMaxSize(100)
  association_criteria?: unknown[];

  @ApiPropertyOptional({ description: 'applied in order, discriminated by action: set delete prepend suffix regex_replace copy move', example: MODIFICATIONS_EXAMPLE, type: 'array', items: { type: 'object' } })
  @IsOptional() @IsArray() @ArrayMaxSize(500)
  tag_modifications?: unknown[];

  @ApiPropertyOptional({ description: 'source names the rule applies to (listener, DICOMweb source or DIMSE Q/R source names, `api_json`, `stow_rs`); null = all. A name that is no known source is saved, with a `warnings` entry in the response', nullable: true, type: [String], example: ['default', 'stow_rs'] })
  @IsOptional() @IsArray()
  applicable_sources?: unknown[] | null;

  @ApiPropertyOptional({ description: 'storage backends to deliver to', type: [Number], example: [1] })
  @IsOptional() @IsArray() @IsInt({ each: true }) @Min(1, { each: true })
  destination_ids?: number[];
}

export class UpdateRuleDto extends PartialType(CreateRuleDto) {}

export class RuleDto extends TimestampsDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 1 }) ruleset_id: number;
  @ApiProperty({ example: 'CT from MODALITY1' }) name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: true }) is_active: boolean;
  @ApiProperty({ example: 100 }) priority: number;
  @ApiProperty({ example: MATCH_EXAMPLE, type: 'array', items: { type: 'object' } }) match_criteria: unknown[];
  @ApiProperty({ example: ASSOCIATION_EXAMPLE, type: 'array', items: { type: 'object' } }) association_criteria: unknown[];
  @ApiProperty({ example: MODIFICATIONS_EXAMPLE, type: 'array', items: { type: 'object' } }) tag_modifications: unknown[];
  @ApiProperty({ nullable: true, type: [String] }) applicable_sources: string[] | null;
  @ApiProperty({ type: () => [StorageBackendDto] }) destinations: StorageBackendDto[];
}

/** The answer of a rule create or update: the rule plus what looks wrong but was saved. */
export class SavedRuleDto extends RuleDto {
  @ApiProperty({ type: [String], description: 'e.g. `applicable_sources[0]: no source named "nope"` (the rule would never match that source)', example: [] })
  warnings: string[];
}

export class RuleQueryDto {
  @ApiPropertyOptional({ example: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  ruleset_id?: number;
}
