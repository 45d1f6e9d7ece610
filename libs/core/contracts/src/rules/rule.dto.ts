import { ApiExtraModels, ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { AssociationCriterion, MatchCriterion, TagModification } from '@axiom/domain';
import { TimestampsDto } from '../common/timestamps.dto';
import { StorageBackendDto } from '../config/storage-backend-response.dto';
import { AssociationCriterionDto, CRITERION_MODELS, MATCH_CRITERION_SCHEMA } from './rule-criteria.dto';
import { MODIFICATION_MODELS, TAG_MODIFICATION_SCHEMA } from './tag-modification.dto';

const MATCH_EXAMPLE = [
  { tag: 'Modality', op: 'eq', value: 'CT' },
  { tag: '0008,0080', op: 'contains', value: 'General' },
];
const ASSOCIATION_EXAMPLE = [{ parameter: 'CALLING_AE_TITLE', op: 'eq', value: 'MODALITY1' }];
const MODIFICATIONS_EXAMPLE = [
  { action: 'set', tag: 'InstitutionName', value: 'Axiom Hospital' },
  { action: 'delete', tag: 'PatientComments' },
];

/** A new rule. The criteria and modifications are checked by the rule engine, not here (their 422s name the field). */
@ApiExtraModels(...CRITERION_MODELS, ...MODIFICATION_MODELS)
export class CreateRuleDto {
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  ruleset_id: number;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'CT from MODALITY1' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ default: 100, description: 'lower runs first within the ruleset' })
  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  priority?: number;

  @ApiPropertyOptional({
    description: 'all must hold: tests on elements ({tag, op, value}), composed with all / any / not',
    example: MATCH_EXAMPLE,
    type: 'array',
    items: MATCH_CRITERION_SCHEMA,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  match_criteria?: MatchCriterion[];

  @ApiPropertyOptional({
    description: 'all must hold: tests on the association ({parameter, op, value})',
    example: ASSOCIATION_EXAMPLE,
    type: [AssociationCriterionDto],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  association_criteria?: AssociationCriterion[];

  @ApiPropertyOptional({
    description:
      'applied in order, told apart by action: set delete prepend suffix regex_replace copy move hash_uid shift_date deidentify',
    example: MODIFICATIONS_EXAMPLE,
    type: 'array',
    items: TAG_MODIFICATION_SCHEMA,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  tag_modifications?: TagModification[];

  @ApiPropertyOptional({
    description:
      'source names the rule applies to (listener, DICOMweb source or DIMSE Q/R source names, `api_json`, `stow_rs`); null = all. A name that is no known source is saved, with a `warnings` entry in the response',
    nullable: true,
    type: [String],
    example: ['default', 'stow_rs'],
  })
  @IsOptional()
  @IsArray()
  applicable_sources?: unknown[] | null;

  @ApiPropertyOptional({ description: 'storage backends to deliver to', type: [Number], example: [1] })
  @IsOptional()
  @IsArray()
  @IsInt({ each: true })
  @Min(1, { each: true })
  destination_ids?: number[];
}

export class UpdateRuleDto extends PartialType(CreateRuleDto) {}

@ApiExtraModels(...CRITERION_MODELS, ...MODIFICATION_MODELS)
export class RuleDto extends TimestampsDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 1 }) ruleset_id: number;
  @ApiProperty({ example: 'CT from MODALITY1' }) name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: true }) is_active: boolean;
  @ApiProperty({ example: 100 }) priority: number;
  @ApiProperty({ example: MATCH_EXAMPLE, type: 'array', items: MATCH_CRITERION_SCHEMA })
  match_criteria: MatchCriterion[];
  @ApiProperty({ example: ASSOCIATION_EXAMPLE, type: [AssociationCriterionDto] })
  association_criteria: AssociationCriterion[];
  @ApiProperty({ example: MODIFICATIONS_EXAMPLE, type: 'array', items: TAG_MODIFICATION_SCHEMA })
  tag_modifications: TagModification[];
  @ApiProperty({ nullable: true, type: [String] }) applicable_sources: string[] | null;
  @ApiProperty({ type: () => [StorageBackendDto] }) destinations: StorageBackendDto[];
}

/** The answer of a rule create or update: the rule plus what looks wrong but was saved. */
export class SavedRuleDto extends RuleDto {
  @ApiProperty({
    type: [String],
    description: 'e.g. `applicable_sources[0]: no source named "nope"` (the rule would never match that source)',
    example: [],
  })
  warnings: string[];
}

export class RuleQueryDto {
  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  ruleset_id?: number;
}
