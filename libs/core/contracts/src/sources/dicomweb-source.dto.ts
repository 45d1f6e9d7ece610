import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { AuthType } from '@axiom/domain';
import { HTTP_URL_OPTIONS } from '../common/patterns';
import { HasNoUrlCredentials } from '../common/url-credentials';
import { TimestampsDto } from '../common/timestamps.dto';

export class CreateDicomwebSourceDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'remote-archive' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiProperty({
    description: 'http/https, without credentials (`user:pass@` is refused: use auth_config)',
    example: 'https://archive.example.org/dicom-web',
  })
  @IsUrl(HTTP_URL_OPTIONS)
  @HasNoUrlCredentials()
  @MaxLength(500)
  base_url: string;

  @ApiPropertyOptional({ default: 'qido-rs' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  qido_prefix?: string;

  @ApiPropertyOptional({ default: 'wado-rs' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  wado_prefix?: string;

  @ApiPropertyOptional({ default: 300, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(604_800)
  polling_interval_seconds?: number;

  @ApiPropertyOptional({
    default: 2,
    minimum: 1,
    maximum: 32,
    description: 'retrievals in flight at once from this source (politeness)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(32)
  max_concurrent_retrievals?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  is_enabled?: boolean;

  @ApiPropertyOptional({ default: true, description: 'automatic polling on' })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ enum: AuthType, default: AuthType.None })
  @IsOptional()
  @IsEnum(AuthType)
  auth_type?: AuthType;

  @ApiPropertyOptional({
    description: 'write-only: {username,password} (basic), {token} (bearer), {header_name,key} (apikey)',
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    writeOnly: true,
    example: { token: 's3cr3t' },
  })
  @IsOptional()
  @IsObject()
  auth_config?: Record<string, string> | null;

  @ApiPropertyOptional({
    description:
      'QIDO-RS query parameters: each value a string, number or boolean (nested objects and arrays are refused)',
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    nullable: true,
    example: { ModalitiesInStudy: 'CT' },
  })
  @IsOptional()
  @IsObject()
  search_filters?: Record<string, string> | null;
}

export class UpdateDicomwebSourceDto extends PartialType(CreateDicomwebSourceDto) {}

export class DicomwebSourceDto extends TimestampsDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'remote-archive' }) name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: 'https://archive.example.org/dicom-web' }) base_url: string;
  @ApiProperty({ example: 'qido-rs' }) qido_prefix: string;
  @ApiProperty({ example: 'wado-rs' }) wado_prefix: string;
  @ApiProperty({ example: 300 }) polling_interval_seconds: number;
  @ApiProperty() is_enabled: boolean;
  @ApiProperty() is_active: boolean;
  @ApiProperty({ enum: AuthType }) auth_type: AuthType;
  @ApiProperty({ description: 'whether credentials are stored (never their value)' }) auth_config_set: boolean;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: { type: 'string' } }) search_filters: Record<
    string,
    string
  > | null;
  @ApiProperty({ nullable: true, type: String }) last_processed_timestamp: string | null;
  @ApiProperty({ nullable: true, type: String }) last_successful_run: string | null;
  @ApiProperty({ nullable: true, type: String }) last_error_run: string | null;
  @ApiProperty({ nullable: true, type: String }) last_error_message: string | null;
  @ApiProperty() found_instance_count: number;
  @ApiProperty() queued_instance_count: number;
  @ApiProperty() processed_instance_count: number;
  @ApiProperty({ example: 2 }) max_concurrent_retrievals: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'when the next automatic round starts (null: at once, or never polled yet)',
  })
  next_run_at: string | null;
}
