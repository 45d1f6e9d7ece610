import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentIdentity, Identity, Roles } from '@axiom/auth';
import {
  CreateStorageBackendDto,
  ErrorBodyDto,
  StorageBackendDto,
  StorageBackendTestResultDto,
  UpdateStorageBackendDto,
} from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { IdParam } from '@axiom/platform-http';
import { DestinationTestService } from './storage-backend-test.service';
import { StorageBackendsService } from './storage-backends.service';

const TYPES =
  'filesystem (path), cstore (remote_ae_title, remote_host, remote_port, local_ae_title, tls_enabled), gcs (bucket, prefix), google_healthcare (gcp_project_id, gcp_location, gcp_dataset_id, gcp_dicom_store_id), stow_rs (base_url, auth_type, auth_config)';
const CSTORE_EXAMPLE = {
  name: 'pacs-main',
  backend_type: 'cstore',
  remote_ae_title: 'PACS',
  remote_host: 'pacs.example.org',
  remote_port: 104,
};

@ApiTags('storage backends')
@Controller('config/storage-backends')
@ApiUnprocessableEntityResponse({ description: 'a field is invalid (named in errors[].path)', type: ErrorBodyDto })
export class StorageBackendsController {
  constructor(
    private readonly service: StorageBackendsService,
    private readonly tester: DestinationTestService,
  ) {}

  @Get()
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'List storage backends',
    description:
      'Destinations rules deliver to. Credentials are never returned: `auth_config_set` / `service_account_json_set` tell whether they are stored.',
  })
  @ApiOkResponse({ type: [StorageBackendDto] })
  list(): Promise<StorageBackendDto[]> {
    return this.service.list();
  }

  @Get(':id')
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'Get a storage backend' })
  @ApiOkResponse({ type: StorageBackendDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  get(@IdParam() id: number): Promise<StorageBackendDto> {
    return this.service.get(id);
  }

  @Post()
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Create a storage backend',
    description: `Fields by backend_type: ${TYPES}. Credentials are write-only and encrypted at rest.`,
  })
  @ApiBody({
    type: CreateStorageBackendDto,
    examples: {
      cstore: { value: CSTORE_EXAMPLE },
      filesystem: { value: { name: 'archive-dir', backend_type: 'filesystem', path: '/data/archive' } },
    },
  })
  @ApiCreatedResponse({ type: StorageBackendDto })
  @ApiConflictResponse({ description: 'name taken', type: ErrorBodyDto })
  create(@Body() dto: CreateStorageBackendDto, @CurrentIdentity() actor: Identity): Promise<StorageBackendDto> {
    return this.service.create(dto, actor);
  }

  @Put(':id')
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Update a storage backend',
    description:
      "Fields left out keep their value; credentials left out are kept, null clears them. Changing backend_type needs the new type's fields.",
  })
  @ApiOkResponse({ type: StorageBackendDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'name taken', type: ErrorBodyDto })
  replace(
    @IdParam() id: number,
    @Body() dto: UpdateStorageBackendDto,
    @CurrentIdentity() actor: Identity,
  ): Promise<StorageBackendDto> {
    return this.service.update(id, dto, actor);
  }

  @Patch(':id')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Update some fields of a storage backend', description: 'Same as PUT.' })
  @ApiOkResponse({ type: StorageBackendDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  update(
    @IdParam() id: number,
    @Body() dto: UpdateStorageBackendDto,
    @CurrentIdentity() actor: Identity,
  ): Promise<StorageBackendDto> {
    return this.service.update(id, dto, actor);
  }

  @Post(':id/test')
  @HttpCode(200)
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Test a storage backend',
    description:
      'Checks reachability and credentials without delivering anything: C-ECHO (cstore), a QIDO-RS search with the ' +
      'stored credentials or access token (stow_rs, google_healthcare), a bucket metadata read (gcs), a file written and removed ' +
      '(filesystem). Answers 200 with ok false and the failing step when the check fails.',
  })
  @ApiOkResponse({ type: StorageBackendTestResultDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  test(@IdParam() id: number): Promise<StorageBackendTestResultDto> {
    return this.tester.test(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Delete a storage backend',
    description: 'Refused (409, naming them) while rules deliver to it or the ledger holds deliveries to it.',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'still referenced', type: ErrorBodyDto })
  remove(@IdParam() id: number, @CurrentIdentity() actor: Identity): Promise<void> {
    return this.service.remove(id, actor);
  }
}
