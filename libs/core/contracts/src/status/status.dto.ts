import { ApiProperty } from '@nestjs/swagger';

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
  @ApiProperty({ nullable: true, type: Number, description: 'associations served since the process started' }) associations: number | null;
  @ApiProperty({ nullable: true, type: Number }) stored: number | null;
  @ApiProperty({ nullable: true, type: Number }) failed: number | null;
  @ApiProperty({ nullable: true, type: String }) last_error: string | null;
  @ApiProperty({ nullable: true, type: String }) last_error_at: string | null;
}

export class SourceStatusDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'remote-archive' }) name: string;
  @ApiProperty({ enum: ['dicomweb', 'dimse_qr', 'dimse_listener'] }) source_type: string;
  @ApiProperty() is_enabled: boolean;
  @ApiProperty({ nullable: true, type: Boolean }) is_active: boolean | null;
  @ApiProperty({ nullable: true, type: String }) last_success: string | null;
  @ApiProperty({ nullable: true, type: String }) last_error_at: string | null;
  @ApiProperty({ nullable: true, type: String }) last_error_message: string | null;
  @ApiProperty({ description: 'counts per source type, as in the source read model', type: 'object', additionalProperties: { type: 'number' }, example: { found_instance_count: 10, queued_instance_count: 10, processed_instance_count: 9 } })
  counts: Record<string, number>;
}

export class LedgerCountsDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { received: 0, routed: 2, completed: 120, failed: 1 } })
  instances_by_state: Record<string, number>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { pending: 0, retry_wait: 1, delivered: 130, failed: 1 } })
  deliveries_by_status: Record<string, number>;

  @ApiProperty({ description: 'deliveries out of attempts, waiting for a person', example: 1 })
  dead_lettered: number;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'], example: 'ok' }) status: 'ok' | 'degraded';
  @ApiProperty({ type: ComponentHealthDto }) database: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) broker: ComponentHealthDto;
}

export class DashboardStatusDto extends HealthDto {
  @ApiProperty({ type: [ListenerStatusDto] }) dimse_listeners: ListenerStatusDto[];
  @ApiProperty({ type: [SourceStatusDto] }) dicomweb_pollers: SourceStatusDto[];
  @ApiProperty({ type: [SourceStatusDto] }) dimse_qr_sources: SourceStatusDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, nullable: true, description: 'worker queue depths (null when unknown)', example: { 'instance.received': 0, 'delivery.requested': 0 } })
  queues: Record<string, number> | null;
  @ApiProperty({ type: LedgerCountsDto }) ledger: LedgerCountsDto;
}

export class InputSourceDto {
  @ApiProperty({ example: 'default' }) name: string;
  @ApiProperty({ enum: ['dimse_listener', 'dicomweb', 'dimse_qr', 'api_json', 'stow_rs'] }) source_type: string;
  @ApiProperty({ nullable: true, type: Number }) id: number | null;
  @ApiProperty() is_enabled: boolean;
}
