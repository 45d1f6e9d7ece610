import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuthType, DestinationType } from '@axiom/domain';
import { TimestampsDto } from '../common/timestamps.dto';
import { RetryPolicyDto } from './retry-policy.dto';
import type { TransferSyntaxPolicyValue } from './storage-backend.dto';

/** A storage backend as the API answers it: credentials are never returned, only whether they are set. */
export class StorageBackendDto extends TimestampsDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'pacs-main' })
  name: string;

  @ApiProperty({ nullable: true, type: String, example: 'Main PACS, C-STORE' })
  description: string | null;

  @ApiProperty({ example: true })
  is_enabled: boolean;

  @ApiProperty({ type: RetryPolicyDto, nullable: true, example: null })
  retry_policy: RetryPolicyDto | null;

  @ApiProperty({ enum: DestinationType, example: DestinationType.Cstore })
  backend_type: DestinationType;

  @ApiPropertyOptional({ example: '/data/out' }) path?: string;
  @ApiPropertyOptional({ example: 'PACS' }) remote_ae_title?: string;
  @ApiPropertyOptional({ example: 'pacs.example.org' }) remote_host?: string;
  @ApiPropertyOptional({ example: 104 }) remote_port?: number;
  @ApiPropertyOptional({ example: 'AXIOM_STORE_SCU' }) local_ae_title?: string;
  @ApiPropertyOptional({ example: false }) tls_enabled?: boolean;
  @ApiPropertyOptional({
    description: 'cstore / stow_rs: `as_received`, `as_received_only` or transfer syntax UIDs to convert to',
    oneOf: [
      { type: 'string', enum: ['as_received', 'as_received_only'] },
      { type: 'array', items: { type: 'string' } },
    ],
    example: 'as_received',
  })
  transfer_syntax_policy?: TransferSyntaxPolicyValue;
  @ApiPropertyOptional({ example: 2 }) max_associations?: number;
  @ApiPropertyOptional() bucket?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) prefix?: string | null;
  @ApiPropertyOptional() gcp_project_id?: string;
  @ApiPropertyOptional() gcp_location?: string;
  @ApiPropertyOptional() gcp_dataset_id?: string;
  @ApiPropertyOptional() gcp_dicom_store_id?: string;
  @ApiPropertyOptional() base_url?: string;
  @ApiPropertyOptional({ enum: AuthType }) auth_type?: AuthType;

  @ApiPropertyOptional({ description: 'stow_rs: whether credentials are stored (never their value)', example: false })
  auth_config_set?: boolean;

  @ApiPropertyOptional({
    description: 'gcs / google_healthcare: whether a service-account key is stored (never its value)',
    example: false,
  })
  service_account_json_set?: boolean;
}

/** The answer of POST /config/storage-backends/{id}/test. */
export class StorageBackendTestResultDto {
  @ApiProperty({ description: 'true when the destination is reachable and takes our credentials', example: true })
  ok: boolean;

  @ApiProperty({
    description:
      'the step that failed, or the last one done: config, mkdir, write (filesystem); associate, echo (cstore); ' +
      'token, connect, auth, qido (stow_rs, google_healthcare); connect, auth, bucket (gcs)',
    example: 'echo',
  })
  step: string;

  @ApiProperty({
    description: 'what was found, naming the failing step',
    example: 'PACS@pacs.example.org:104 answered C-ECHO with success',
  })
  message: string;
}
