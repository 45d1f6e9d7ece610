import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { ExecutionMode } from '@axiom/domain';
import { TimestampsDto } from '../common/timestamps.dto';
import { RuleDto } from './rule.dto';

export class CreateRulesetDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'CT to PACS' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ nullable: true, example: 'Routes every CT study to the main PACS' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ default: 0, description: 'lower runs first', example: 0 })
  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  priority?: number;

  @ApiPropertyOptional({
    enum: ExecutionMode,
    default: ExecutionMode.FirstMatch,
    description: 'FIRST_MATCH stops at the first matching rule of this ruleset',
  })
  @IsOptional()
  @IsEnum(ExecutionMode)
  execution_mode?: ExecutionMode;
}

export class UpdateRulesetDto extends PartialType(CreateRulesetDto) {}

export class RulesetDto extends TimestampsDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'CT to PACS' }) name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: true }) is_active: boolean;
  @ApiProperty({ example: 0 }) priority: number;
  @ApiProperty({ enum: ExecutionMode, example: ExecutionMode.FirstMatch }) execution_mode: ExecutionMode;
  @ApiProperty({ type: () => [RuleDto] }) rules: RuleDto[];
}
