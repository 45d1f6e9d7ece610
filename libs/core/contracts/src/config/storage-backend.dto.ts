import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUrl, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { AuthType, StorageBackendType } from '@axiom/domain';
import { AE_TITLE_MESSAGE, AE_TITLE_PATTERN, HTTP_URL_OPTIONS } from '../common/patterns';
import { TimestampsDto } from '../common/timestamps.dto';

/**
 * A storage backend (destination). The type-specific fields are flat, as in the original API;
 * which ones are required depends on `backend_type` (checked by the service, naming the field).
 */
export class CreateStorageBackendDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'pacs-main' })
  @IsString() @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ nullable: true, example: 'Main PACS, C-STORE' })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional() @IsBoolean()
  is_enabled?: boolean;

  @ApiProperty({ enum: StorageBackendType, example: StorageBackendType.Cstore })
  @IsEnum(StorageBackendType)
  backend_type: StorageBackendType;

  @ApiPropertyOptional({ description: 'filesystem: directory to write to', example: '/data/out' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(1024)
  path?: string;

  @ApiPropertyOptional({ description: 'cstore: called AE title', maxLength: 16, example: 'PACS' })
  @IsOptional() @Matches(AE_TITLE_PATTERN, { message: `remote_ae_title ${AE_TITLE_MESSAGE}` })
  remote_ae_title?: string;

  @ApiPropertyOptional({ description: 'cstore: host name or address', example: 'pacs.example.org' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255)
  remote_host?: string;

  @ApiPropertyOptional({ description: 'cstore: port', minimum: 1, maximum: 65535, example: 104 })
  @IsOptional() @IsInt() @Min(1) @Max(65535)
  remote_port?: number;

  @ApiPropertyOptional({ description: 'cstore: our calling AE title', default: 'AXIOM_STORE_SCU' })
  @IsOptional() @Matches(AE_TITLE_PATTERN, { message: `local_ae_title ${AE_TITLE_MESSAGE}` })
  local_ae_title?: string;

  @ApiPropertyOptional({ description: 'cstore: DICOM TLS', default: false })
  @IsOptional() @IsBoolean()
  tls_enabled?: boolean;

  @ApiPropertyOptional({ description: 'gcs: bucket name', example: 'my-dicom-bucket' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(222)
  bucket?: string;

  @ApiPropertyOptional({ description: 'gcs: object name prefix', nullable: true, example: 'incoming/' })
  @IsOptional() @IsString() @MaxLength(1024)
  prefix?: string | null;

  @ApiPropertyOptional({ description: 'google_healthcare', example: 'my-project' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  gcp_project_id?: string;

  @ApiPropertyOptional({ description: 'google_healthcare', example: 'europe-west4' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  gcp_location?: string;

  @ApiPropertyOptional({ description: 'google_healthcare', example: 'imaging' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  gcp_dataset_id?: string;

  @ApiPropertyOptional({ description: 'google_healthcare', example: 'routed' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  gcp_dicom_store_id?: string;

  @ApiPropertyOptional({ description: 'stow_rs: DICOMweb base URL (http/https)', example: 'https://pacs.example.org/dicom-web' })
  @IsOptional() @IsUrl(HTTP_URL_OPTIONS) @MaxLength(500)
  base_url?: string;

  @ApiPropertyOptional({ description: 'stow_rs: authentication', enum: AuthType, default: AuthType.None })
  @IsOptional() @IsEnum(AuthType)
  auth_type?: AuthType;

  @ApiPropertyOptional({
    description: 'stow_rs credentials, write-only: {username,password} (basic), {token} (bearer), {header_name,key} (apikey)',
    example: { username: 'router', password: 'secret' },
    type: 'object', additionalProperties: { type: 'string' }, nullable: true, writeOnly: true,
  })
  @IsOptional() @IsObject()
  auth_config?: Record<string, string> | null;

  @ApiPropertyOptional({ description: 'gcs / google_healthcare: service-account JSON key, write-only (absent = application default credentials)', nullable: true, writeOnly: true })
  @IsOptional() @IsString() @IsNotEmpty()
  service_account_json?: string | null;
}

/** PUT and PATCH: any subset of the fields; credentials left out are kept, `null` clears them. */
export class UpdateStorageBackendDto extends PartialType(CreateStorageBackendDto) {}

export class StorageBackendDto extends TimestampsDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'pacs-main' })
  name: string;

  @ApiProperty({ nullable: true, type: String, example: 'Main PACS, C-STORE' })
  description: string | null;

  @ApiProperty({ example: true })
  is_enabled: boolean;

  @ApiProperty({ enum: StorageBackendType, example: StorageBackendType.Cstore })
  backend_type: StorageBackendType;

  @ApiPropertyOptional({ example: '/data/out' }) path?: string;
  @ApiPropertyOptional({ example: 'PACS' }) remote_ae_title?: string;
  @ApiPropertyOptional({ example: 'pacs.example.org' }) remote_host?: string;
  @ApiPropertyOptional({ example: 104 }) remote_port?: number;
  @ApiPropertyOptional({ example: 'AXIOM_STORE_SCU' }) local_ae_title?: string;
  @ApiPropertyOptional({ example: false }) tls_enabled?: boolean;
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

  @ApiPropertyOptional({ description: 'gcs / google_healthcare: whether a service-account key is stored (never its value)', example: false })
  service_account_json_set?: boolean;
}
