import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { QueryLevel, RetrieveMethod } from '@axiom/domain';
import { AE_TITLE_MESSAGE, AE_TITLE_PATTERN } from '../common/patterns';
import { TimestampsDto } from '../common/timestamps.dto';

export class CreateDimseQrSourceDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'old-pacs' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ example: 'OLDPACS' })
  @Matches(AE_TITLE_PATTERN, { message: `remote_ae_title ${AE_TITLE_MESSAGE}` })
  remote_ae_title: string;

  @ApiProperty({ example: 'oldpacs.example.org' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  remote_host: string;

  @ApiProperty({ minimum: 1, maximum: 65535, example: 104 })
  @IsInt()
  @Min(1)
  @Max(65535)
  remote_port: number;

  @ApiPropertyOptional({ default: 'AXIOM_QR_SCU' })
  @IsOptional()
  @Matches(AE_TITLE_PATTERN, { message: `local_ae_title ${AE_TITLE_MESSAGE}` })
  local_ae_title?: string;

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

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ enum: QueryLevel, default: QueryLevel.Study })
  @IsOptional()
  @IsEnum(QueryLevel)
  query_level?: QueryLevel;

  @ApiPropertyOptional({
    description: 'C-FIND keys; StudyDate also takes TODAY, YESTERDAY, -<N>d',
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    example: { StudyDate: '-1d', ModalitiesInStudy: 'CT' },
  })
  @IsOptional()
  @IsObject()
  query_filters?: Record<string, string> | null;

  @ApiProperty({ description: 'AE title of one of our listeners', example: 'AXIOM_SCP' })
  @Matches(AE_TITLE_PATTERN, { message: `move_destination_ae_title ${AE_TITLE_MESSAGE}` })
  move_destination_ae_title: string;

  @ApiPropertyOptional({
    enum: RetrieveMethod,
    default: RetrieveMethod.CMove,
    description:
      'C-MOVE to move_destination_ae_title, or C-GET: the instances come back on the query association itself',
  })
  @IsOptional()
  @IsEnum(RetrieveMethod)
  retrieve_method?: RetrieveMethod;
}

export class UpdateDimseQrSourceDto extends PartialType(CreateDimseQrSourceDto) {}

export class DimseQrSourceDto extends TimestampsDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'old-pacs' }) name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: 'OLDPACS' }) remote_ae_title: string;
  @ApiProperty({ example: 'oldpacs.example.org' }) remote_host: string;
  @ApiProperty({ example: 104 }) remote_port: number;
  @ApiProperty({ example: 'AXIOM_QR_SCU' }) local_ae_title: string;
  @ApiProperty({ example: 300 }) polling_interval_seconds: number;
  @ApiProperty() is_enabled: boolean;
  @ApiProperty() is_active: boolean;
  @ApiProperty({ enum: QueryLevel }) query_level: QueryLevel;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: { type: 'string' } }) query_filters: Record<
    string,
    string
  > | null;
  @ApiProperty({ example: 'AXIOM_SCP' }) move_destination_ae_title: string;
  @ApiProperty({ enum: RetrieveMethod, example: RetrieveMethod.CMove }) retrieve_method: RetrieveMethod;
  @ApiProperty({ nullable: true, type: String }) last_successful_query: string | null;
  @ApiProperty({ nullable: true, type: String }) last_successful_move: string | null;
  @ApiProperty({ nullable: true, type: String }) last_error_time: string | null;
  @ApiProperty({ nullable: true, type: String }) last_error_message: string | null;
  @ApiProperty() found_study_count: number;
  @ApiProperty() move_queued_study_count: number;
  @ApiProperty() processed_instance_count: number;
  @ApiProperty({ example: 2 }) max_concurrent_retrievals: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'when the next automatic round starts (null: at once, or never polled yet)',
  })
  next_run_at: string | null;
}
