import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { AE_TITLE_MESSAGE, AE_TITLE_PATTERN } from '../common/patterns';
import { TimestampsDto } from '../common/timestamps.dto';

export class CreateDimseListenerDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'default' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ maxLength: 16, example: 'AXIOM_SCP' })
  @Matches(AE_TITLE_PATTERN, { message: `ae_title ${AE_TITLE_MESSAGE}` })
  ae_title: string;

  @ApiProperty({
    minimum: 1,
    maximum: 65535,
    example: 11112,
    description: "unique per instance_id; not the API's own HTTP port (PORT) or health port (HEALTH_PORT)",
  })
  @IsInt()
  @Min(1)
  @Max(65535)
  port: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  is_enabled?: boolean;

  @ApiPropertyOptional({ default: 'default', description: "the listener process's AXIOM_INSTANCE_ID" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  instance_id?: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'DICOM TLS: the listener process serves it with DIMSE_TLS_CERT and DIMSE_TLS_KEY (client certificates checked against DIMSE_TLS_CA when DIMSE_TLS_REQUIRE_CLIENT_CERT=true); without a certificate it reports an error in its status and never listens in clear',
  })
  @IsOptional()
  @IsBoolean()
  tls_enabled?: boolean;
}

export class UpdateDimseListenerDto extends PartialType(CreateDimseListenerDto) {}

export class DimseListenerDto extends TimestampsDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'default' }) name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: 'AXIOM_SCP' }) ae_title: string;
  @ApiProperty({ example: 11112 }) port: number;
  @ApiProperty({ example: true }) is_enabled: boolean;
  @ApiProperty({ example: 'default' }) instance_id: string;
  @ApiProperty({ example: false }) tls_enabled: boolean;
}
