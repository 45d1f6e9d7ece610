import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { PollingSourceKind, SourceType } from '@axiom/domain';

/**
 * A source's kind as the status API names it (the wire name): a polled source by its kind
 * (`dicomweb`, `dimse_qr`; its instances are recorded as `SOURCE_TYPE_OF_POLLED` says), the
 * others by their SourceType.
 */
export type StatusSourceType =
  PollingSourceKind | `${SourceType.DimseListener | SourceType.ApiJson | SourceType.StowRs}`;
const CONFIGURED_SOURCE_TYPES: StatusSourceType[] = ['dicomweb', 'dimse_qr', 'dimse_listener'];
const INPUT_SOURCE_TYPES: StatusSourceType[] = ['dimse_listener', 'dicomweb', 'dimse_qr', 'api_json', 'stow_rs'];

export class ComponentHealthDto {
  @ApiProperty({ enum: ['ok', 'error', 'unknown'], example: 'ok' }) status: 'ok' | 'error' | 'unknown';
  @ApiProperty({ nullable: true, type: String }) detail: string | null;
}

export class ListenerStatusDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'default' }) name: string;
  @ApiProperty({ example: 'AXIOM_SCP' }) ae_title: string;
  @ApiProperty({ example: 11112 }) port: number;
  @ApiProperty({ example: 'default' }) instance_id: string;
  @ApiProperty({ example: true }) is_enabled: boolean;
  @ApiProperty({ enum: ['listening', 'error', 'stopped', 'unknown'], example: 'listening' }) state: string;
  @ApiProperty({ nullable: true, type: Number, description: 'associations served since the process started' })
  associations: number | null;
  @ApiProperty({ nullable: true, type: Number }) stored: number | null;
  @ApiProperty({ nullable: true, type: Number }) failed: number | null;
  @ApiProperty({ nullable: true, type: String }) last_error: string | null;
  @ApiProperty({ nullable: true, type: String }) last_error_at: string | null;
}

export class SourceStatusDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'remote-archive' }) name: string;
  @ApiProperty({ enum: CONFIGURED_SOURCE_TYPES }) source_type: StatusSourceType;
  @ApiProperty() is_enabled: boolean;
  @ApiProperty({ nullable: true, type: Boolean }) is_active: boolean | null;
  @ApiProperty({ nullable: true, type: String }) last_success: string | null;
  @ApiProperty({ nullable: true, type: String }) last_error_at: string | null;
  @ApiProperty({ nullable: true, type: String }) last_error_message: string | null;
  @ApiProperty({
    description: 'counts per source type, as in the source read model',
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { found_instance_count: 10, queued_instance_count: 10, processed_instance_count: 9 },
  })
  counts: Record<string, number>;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'polled sources: when the next automatic round starts',
  })
  next_run_at?: string | null;
  @ApiPropertyOptional({
    type: Boolean,
    description: 'polled sources: a poller holds the source now (a round is running)',
  })
  polling?: boolean;
}

export class LedgerCountsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { received: 0, routed: 2, completed: 120, failed: 1 },
  })
  instances_by_state: Record<string, number>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { pending: 0, retry_wait: 1, delivered: 130, failed: 1 },
  })
  deliveries_by_status: Record<string, number>;

  @ApiProperty({ description: 'deliveries out of attempts, waiting for a person', example: 1 })
  dead_lettered: number;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'], example: 'ok' }) status: 'ok' | 'degraded';
  @ApiProperty({ type: ComponentHealthDto }) database: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) broker: ComponentHealthDto;
}

export class BreakerStatusDto {
  @ApiProperty({
    enum: ['closed', 'open', 'half_open'],
    description:
      '`open`: deliveries wait (no attempts spent) until a probe gets through; `half_open`: one probe is being sent',
    example: 'closed',
  })
  state: 'closed' | 'open' | 'half_open';
  @ApiProperty({
    description: 'connection failures or timeouts in a row (BREAKER_FAILURE_THRESHOLD opens the breaker)',
    example: 0,
  })
  consecutive_failures: number;
  @ApiProperty({ type: String, nullable: true, example: null }) opened_at: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'open: the earliest next probe', example: null })
  next_probe_at: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) last_error: string | null;
}

export class StorageBackendStatusDto {
  @ApiProperty({ type: BreakerStatusDto, description: 'the circuit breaker of this backend, shared by every sender' })
  breaker: BreakerStatusDto;
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'pacs-main' }) name: string;
  @ApiProperty({ enum: ['filesystem', 'cstore', 'gcs', 'google_healthcare', 'stow_rs'], example: 'cstore' })
  backend_type: string;
  @ApiProperty() is_enabled: boolean;
  @ApiProperty({
    description: 'deliveries to this backend by status',
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { pending: 0, retry_wait: 1, delivered: 130, failed: 1 },
  })
  deliveries_by_status: Record<string, number>;
}

export class WorkerStatusDto {
  @ApiProperty({
    enum: ['in_process', 'broker'],
    description:
      '`in_process`: routing and delivery run in this process (embedded mode); `broker`: router-worker processes consume from RabbitMQ',
  })
  mode: 'in_process' | 'broker';
  @ApiProperty({
    enum: ['running', 'none', 'unknown'],
    description: '`none`: no router-worker is connected, so nothing is routed; `unknown`: the broker did not answer',
  })
  state: 'running' | 'none' | 'unknown';
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'router-worker processes consuming now (1 in the embedded mode)',
    example: 2,
  })
  count: number | null;
}

export class DashboardStatusDto extends HealthDto {
  @ApiProperty({ type: [ListenerStatusDto] }) dimse_listeners: ListenerStatusDto[];
  @ApiProperty({ type: [SourceStatusDto] }) dicomweb_pollers: SourceStatusDto[];
  @ApiProperty({ type: [SourceStatusDto] }) dimse_qr_sources: SourceStatusDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    nullable: true,
    description: 'worker queue depths (null when unknown)',
    example: { 'instance.received': 0, 'delivery.requested': 0 },
  })
  queues: Record<string, number> | null;
  @ApiProperty({ type: LedgerCountsDto }) ledger: LedgerCountsDto;
  @ApiProperty({ type: [StorageBackendStatusDto], description: 'every storage backend with its deliveries by status' })
  storage_backends: StorageBackendStatusDto[];
  @ApiProperty({ type: WorkerStatusDto, description: 'the workers that route and deliver' }) workers: WorkerStatusDto;
}

export class InputSourceDto {
  @ApiProperty({ example: 'default' }) name: string;
  @ApiProperty({ enum: INPUT_SOURCE_TYPES }) source_type: StatusSourceType;
  @ApiProperty({ nullable: true, type: Number }) id: number | null;
  @ApiProperty() is_enabled: boolean;
}

export class ThroughputQueryDto {
  @ApiPropertyOptional({ description: 'the window, in minutes back from now', default: 60, minimum: 1, maximum: 1440 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  minutes?: number;
}

export class ThroughputPointDto {
  @ApiProperty({ description: 'start of the minute (UTC, ISO 8601)', example: '2026-12-01T20:31:00.000Z' })
  minute: string;
  @ApiProperty({ description: 'instances received in that minute', example: 12 }) received: number;
  @ApiProperty({ description: 'deliveries that succeeded in that minute', example: 12 }) delivered: number;
  @ApiProperty({ description: 'deliveries dead-lettered (failed after their last attempt) in that minute', example: 0 })
  failed: number;
}

export class ThroughputDto {
  @ApiProperty({ example: 60 }) minutes: number;
  @ApiProperty({
    type: [ThroughputPointDto],
    description: 'one point per minute, oldest first, minutes with no traffic included as zeros',
  })
  points: ThroughputPointDto[];
}
