import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { AuthType, DestinationType } from '@axiom/domain';
import { AE_TITLE_MESSAGE, AE_TITLE_PATTERN, HTTP_URL_OPTIONS } from '../common/patterns';
import { HasNoUrlCredentials } from '../common/url-credentials';
import { RetryPolicyDto } from './retry-policy.dto';

/** `as_received`, `as_received_only`, or transfer syntax UIDs to convert to, in order of preference. */
export type TransferSyntaxPolicyValue = 'as_received' | 'as_received_only' | string[];

const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

/** The shape of `transfer_syntax_policy`; which UIDs are known is checked by the service against dicom-io's list. */
function IsTransferSyntaxPolicy(): PropertyDecorator {
  return ValidateBy({
    name: 'isTransferSyntaxPolicy',
    validator: {
      validate: (value: unknown) =>
        value === 'as_received' ||
        value === 'as_received_only' ||
        (Array.isArray(value) &&
          value.length > 0 &&
          value.length <= 16 &&
          value.every((v) => typeof v === 'string' && v.length <= 64 && UID_PATTERN.test(v))),
      defaultMessage: () =>
        'transfer_syntax_policy must be "as_received", "as_received_only" or a list of 1 to 16 transfer syntax UIDs',
    },
  });
}

/**
 * A storage backend (destination). The type-specific fields are flat, as in the original API;
 * which ones are required depends on `backend_type` (checked by the service, naming the field).
 */
export class CreateStorageBackendDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'pacs-main' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Main PACS, C-STORE' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  is_enabled?: boolean;

  @ApiPropertyOptional({
    type: RetryPolicyDto,
    nullable: true,
    description: "this backend's own retry schedule (null: the process defaults, about a day of retries)",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RetryPolicyDto)
  retry_policy?: RetryPolicyDto | null;

  @ApiProperty({ enum: DestinationType, example: DestinationType.Cstore })
  @IsEnum(DestinationType)
  backend_type: DestinationType;

  @ApiPropertyOptional({
    description:
      'filesystem: directory to write to; an absolute, normalized path outside system directories and outside the spool, error and data directories',
    example: '/data/out',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  path?: string;

  @ApiPropertyOptional({ description: 'cstore: called AE title', maxLength: 16, example: 'PACS' })
  @IsOptional()
  @Matches(AE_TITLE_PATTERN, { message: `remote_ae_title ${AE_TITLE_MESSAGE}` })
  remote_ae_title?: string;

  @ApiPropertyOptional({ description: 'cstore: host name or address', example: 'pacs.example.org' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  remote_host?: string;

  @ApiPropertyOptional({ description: 'cstore: port', minimum: 1, maximum: 65535, example: 104 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  remote_port?: number;

  @ApiPropertyOptional({ description: 'cstore: our calling AE title', default: 'AXIOM_STORE_SCU' })
  @IsOptional()
  @Matches(AE_TITLE_PATTERN, { message: `local_ae_title ${AE_TITLE_MESSAGE}` })
  local_ae_title?: string;

  @ApiPropertyOptional({
    description:
      'cstore: DICOM TLS to the peer (the certificate chain is checked against DIMSE_TLS_CA, the host name unless DIMSE_TLS_VERIFY_HOSTNAME=false; our certificate DIMSE_TLS_CERT/DIMSE_TLS_KEY is presented when set)',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  tls_enabled?: boolean;

  @ApiPropertyOptional({
    description:
      'cstore / stow_rs: the transfer syntax instances go in. `as_received` (default) proposes the received syntax and ' +
      'falls back to Explicit VR Little Endian (1.2.840.10008.1.2.1) when the peer refuses it; `as_received_only` never converts ' +
      '(a refusal fails the delivery at once); a list names the syntaxes to convert to, in order of preference, and the received ' +
      'syntax is proposed only if it is listed. Pixel data is only ever decoded (to 1.2.840.10008.1.2.1, 1.2.840.10008.1.2 or ' +
      '1.2.840.10008.1.2.1.99), so a lossy source is never re-encoded lossy; listing a compressed syntax lets objects already in it ' +
      'go as received. Unknown UIDs are refused.',
    oneOf: [
      { type: 'string', enum: ['as_received', 'as_received_only'] },
      { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 16 },
    ],
    default: 'as_received',
    example: ['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.1'],
  })
  @IsOptional()
  @IsTransferSyntaxPolicy()
  transfer_syntax_policy?: TransferSyntaxPolicyValue;

  @ApiPropertyOptional({
    description: 'cstore: associations opened in parallel to the peer, at most',
    minimum: 1,
    maximum: 16,
    default: 2,
    example: 4,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(16)
  max_associations?: number;

  @ApiPropertyOptional({ description: 'gcs: bucket name', example: 'my-dicom-bucket' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(222)
  bucket?: string;

  @ApiPropertyOptional({ description: 'gcs: object name prefix', type: String, nullable: true, example: 'incoming/' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  prefix?: string | null;

  @ApiPropertyOptional({ description: 'google_healthcare', example: 'my-project' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  gcp_project_id?: string;

  @ApiPropertyOptional({ description: 'google_healthcare', example: 'europe-west4' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  gcp_location?: string;

  @ApiPropertyOptional({ description: 'google_healthcare', example: 'imaging' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  gcp_dataset_id?: string;

  @ApiPropertyOptional({ description: 'google_healthcare', example: 'routed' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  gcp_dicom_store_id?: string;

  @ApiPropertyOptional({
    description:
      'stow_rs: DICOMweb base URL (http/https), without credentials (`user:pass@` is refused: use auth_config)',
    example: 'https://pacs.example.org/dicom-web',
  })
  @IsOptional()
  @IsUrl(HTTP_URL_OPTIONS)
  @HasNoUrlCredentials()
  @MaxLength(500)
  base_url?: string;

  @ApiPropertyOptional({ description: 'stow_rs: authentication', enum: AuthType, default: AuthType.None })
  @IsOptional()
  @IsEnum(AuthType)
  auth_type?: AuthType;

  @ApiPropertyOptional({
    description:
      'stow_rs credentials, write-only: {username,password} (basic), {token} (bearer), {header_name,key} (apikey)',
    example: { username: 'router', password: 'secret' },
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    writeOnly: true,
  })
  @IsOptional()
  @IsObject()
  auth_config?: Record<string, string> | null;

  @ApiPropertyOptional({
    description:
      'gcs / google_healthcare: service-account JSON key, write-only (absent = application default credentials)',
    type: String,
    nullable: true,
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  service_account_json?: string | null;
}

/** PUT and PATCH: any subset of the fields; credentials left out are kept, `null` clears them. */
export class UpdateStorageBackendDto extends PartialType(CreateStorageBackendDto) {}
