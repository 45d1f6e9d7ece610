import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'assign_role', 'remove_role', 'revoke', 'sign_in'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export class AuditEntryDto {
  @ApiProperty({ example: 12 }) id: number;
  @ApiProperty({ example: '2025-01-31T10:15:00.000Z' }) created_at: string;
  @ApiProperty({ nullable: true, type: Number, example: 1 }) user_id: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'admin@localhost' }) actor: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'update' }) action: string;
  @ApiProperty({ example: 'storage_backend' }) entity_type: string;
  @ApiProperty({ nullable: true, type: String, example: '4' }) entity_id: string | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'state before (secrets masked)',
  })
  before: unknown;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'state after (secrets masked)',
  })
  after: unknown;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ example: 'storage_backend' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entity_type?: string;

  @ApiPropertyOptional({ example: '4' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entity_id?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  user_id?: number;

  @ApiPropertyOptional({ description: 'ISO 8601, inclusive', example: '2025-01-01T00:00:00Z' })
  @IsOptional()
  @IsDateString()
  since?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' })
  @IsOptional()
  @IsDateString()
  until?: string;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
