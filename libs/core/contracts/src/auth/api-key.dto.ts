import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDateString, IsOptional, IsString, Length } from 'class-validator';
import { TimestampsDto } from '../common/timestamps.dto';

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'nightly export script' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'ISO 8601, in the future; absent or null = never expires',
    example: '2026-12-31T23:59:59Z',
  })
  @IsOptional()
  @IsDateString()
  expires_at?: string | null;
}

export class UpdateApiKeyDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({
    description: 'false revokes the key; revocation is final (true on a revoked key is refused, 422)',
  })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'may set or bring forward an expiry; clearing it (null) or moving it later is refused (422)',
    example: '2026-12-31T23:59:59Z',
  })
  @IsOptional()
  @IsDateString()
  expires_at?: string | null;
}

export class ApiKeyDto extends TimestampsDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 'nightly export script' }) name: string;
  @ApiProperty({ description: 'the public part of the key', example: 'Ab12Cd34' }) prefix: string;
  @ApiProperty({ example: true }) is_active: boolean;
  @ApiProperty({ nullable: true, type: String }) expires_at: string | null;
  @ApiProperty({ nullable: true, type: String }) last_used_at: string | null;
  @ApiProperty({ example: 1 }) user_id: number;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    description: 'the whole key, shown in this response only',
    example: 'Ab12Cd34_9fJ2kL0pQ7rS1tU3vW5xY8zA6bC4dE2f',
  })
  full_key: string;
}
