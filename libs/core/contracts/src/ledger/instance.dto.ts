import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DeliveryErrorClass, DeliveryStatus, InstanceState, SourceType } from '@axiom/domain';

export class PageQueryDto {
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

export class InstanceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: InstanceState })
  @IsOptional()
  @IsEnum(InstanceState)
  state?: InstanceState;

  @ApiPropertyOptional({ example: '1.2.840.113619.2.55.3.604688119' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  study_instance_uid?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  sop_instance_uid?: string;

  @ApiPropertyOptional({ description: 'exact Patient ID', example: 'PAT-0042' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  patient_id?: string;

  @ApiPropertyOptional({
    description: 'part of the Patient Name, any case (DICOM writes `Family^Given`)',
    example: 'doe',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  patient_name?: string;

  @ApiPropertyOptional({ description: 'exact Accession Number', example: 'ACC123' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  accession_number?: string;

  @ApiPropertyOptional({
    description: 'exact source name (a listener, poller or `api_json`/`stow_rs`)',
    example: 'default',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  source_name?: string;

  @ApiPropertyOptional({ enum: SourceType })
  @IsOptional()
  @IsEnum(SourceType)
  source_type?: SourceType;

  @ApiPropertyOptional({ description: 'received at or after this instant (ISO 8601)', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  received_after?: string;

  @ApiPropertyOptional({ description: 'received before this instant (ISO 8601)', example: '2026-12-02T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  received_before?: string;
}

export class DeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DeliveryStatus, example: DeliveryStatus.Failed })
  @IsOptional()
  @IsEnum(DeliveryStatus)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  storage_backend_id?: number;

  @ApiPropertyOptional({
    enum: DeliveryErrorClass,
    example: DeliveryErrorClass.ConnectionRefused,
    description: 'why the last attempt failed',
  })
  @IsOptional()
  @IsEnum(DeliveryErrorClass)
  error_class?: DeliveryErrorClass;
}

export class DeliveryDto {
  @ApiProperty({ example: 7 }) id: number;
  @ApiProperty({ example: 3 }) instance_id: number;
  @ApiProperty({ example: 1 }) storage_backend_id: number;
  @ApiProperty({ nullable: true, type: String, example: 'pacs-main' }) storage_backend_name: string | null;
  @ApiProperty({ nullable: true, type: Number }) rule_id: number | null;
  @ApiProperty({ enum: DeliveryStatus }) status: DeliveryStatus;
  @ApiProperty({ example: 0 }) attempts: number;
  @ApiProperty({ nullable: true, type: String }) last_error: string | null;
  @ApiProperty({
    nullable: true,
    enum: DeliveryErrorClass,
    enumName: 'DeliveryErrorClass',
    description: 'why the last attempt failed, as a class; null after a success',
  })
  error_class: DeliveryErrorClass | null;
  @ApiProperty({ nullable: true, type: String }) next_attempt_at: string | null;
  @ApiProperty({ nullable: true, type: String }) delivered_at: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "the adapter's account of the success (file written, peer status, transcoding)",
    example: 'PACS@10.0.0.5:104 status Success',
  })
  detail: string | null;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;
}

export class InstanceDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 'dimse_listener' }) source_type: string;
  @ApiProperty({ example: 'default' }) source_name: string;
  @ApiProperty({ nullable: true, type: String }) calling_ae_title: string | null;
  @ApiProperty({ nullable: true, type: String }) called_ae_title: string | null;
  @ApiProperty({ nullable: true, type: String }) peer_address: string | null;
  @ApiProperty({ nullable: true, type: String }) study_instance_uid: string | null;
  @ApiProperty({ nullable: true, type: String }) series_instance_uid: string | null;
  @ApiProperty() sop_instance_uid: string;
  @ApiProperty() sop_class_uid: string;
  @ApiProperty({ nullable: true, type: String, example: 'PAT-0042' }) patient_id: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Doe^Jane' }) patient_name: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'ACC123' }) accession_number: string | null;
  @ApiProperty() transfer_syntax_uid: string;
  @ApiProperty() size_bytes: number;
  @ApiProperty({ enum: InstanceState }) state: InstanceState;
  @ApiProperty() received_at: string;
  @ApiProperty({ nullable: true, type: String }) routed_at: string | null;
  @ApiProperty({ nullable: true, type: String }) completed_at: string | null;
  @ApiProperty({ nullable: true, type: String }) error_message: string | null;
  @ApiProperty({
    description: 'routing attempts begun; past ROUTING_MAX_ATTEMPTS the instance is quarantined',
    example: 1,
  })
  routing_attempts: number;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;
}

export class InstanceHistoryDto extends InstanceDto {
  @ApiProperty({
    nullable: true,
    description: 'what matched: [{ruleset_id, rule_id, destination_ids}]',
    type: 'array',
    items: { type: 'object' },
  })
  matched_rules: unknown[] | null;

  @ApiProperty({
    nullable: true,
    description: 'what changed, per output: [{output_key, changes, warnings}]',
    type: 'array',
    items: { type: 'object' },
  })
  morphing: unknown[] | null;

  @ApiProperty({ type: [DeliveryDto] }) deliveries: DeliveryDto[];
}

export class RetryResultDto {
  @ApiProperty({ description: 'deliveries set back to pending', example: 1 }) retried: number;
}

export class BulkRetryDto {
  @ApiPropertyOptional({
    description: 'these deliveries (those that are failed; the others are left as they are)',
    example: [7, 8],
    type: [Number],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Type(() => Number)
  @IsInt({ each: true })
  @Min(1, { each: true })
  delivery_ids?: number[];

  @ApiPropertyOptional({
    description: 'every failed delivery of this storage backend (with delivery_ids: only those of it)',
    example: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  storage_backend_id?: number;
}

export class DiscardHeldDto {
  @ApiProperty({ description: 'the storage backend whose held (paused) deliveries are discarded', example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  storage_backend_id: number;

  @ApiPropertyOptional({ description: 'only the held deliveries of this instance', example: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  instance_id?: number;
}

export class DiscardResultDto {
  @ApiProperty({ description: 'held deliveries discarded (now failed, retryable by a person)', example: 12 })
  discarded: number;
}
