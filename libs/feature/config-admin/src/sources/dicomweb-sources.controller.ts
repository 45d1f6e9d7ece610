import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
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
  CreateDicomwebSourceDto,
  DicomwebSourceDto,
  ErrorBodyDto,
  PollRequestDto,
  UpdateDicomwebSourceDto,
} from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { IdParam } from '@axiom/platform-http';
import { DicomwebSourcesService } from './dicomweb-sources.service';

@ApiTags('input sources')
@Controller('config/dicomweb-sources')
@ApiUnprocessableEntityResponse({ description: 'a field is invalid (named in errors[].path)', type: ErrorBodyDto })
export class DicomwebSourcesController {
  constructor(private readonly service: DicomwebSourcesService) {}

  @Get()
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'List DICOMweb sources',
    description:
      'QIDO-RS polling + WADO-RS retrieval. auth_config is write-only ({username,password} / {token} / {header_name,key}); reads show auth_config_set.',
  })
  @ApiOkResponse({ type: [DicomwebSourceDto] })
  list(): Promise<DicomwebSourceDto[]> {
    return this.service.list();
  }

  @Get(':id')
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'Get a DICOMweb source' })
  @ApiOkResponse({ type: DicomwebSourceDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  get(@IdParam() id: number): Promise<DicomwebSourceDto> {
    return this.service.get(id);
  }

  @Post()
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Create a DICOMweb source', description: 'Pollers pick it up without a restart.' })
  @ApiCreatedResponse({ type: DicomwebSourceDto })
  @ApiConflictResponse({ description: 'name taken', type: ErrorBodyDto })
  create(@Body() dto: CreateDicomwebSourceDto, @CurrentIdentity() actor: Identity): Promise<DicomwebSourceDto> {
    return this.service.create(dto, actor);
  }

  @Put(':id')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Update a DICOMweb source', description: 'Fields left out keep their value.' })
  @ApiOkResponse({ type: DicomwebSourceDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  replace(
    @IdParam() id: number,
    @Body() dto: UpdateDicomwebSourceDto,
    @CurrentIdentity() actor: Identity,
  ): Promise<DicomwebSourceDto> {
    return this.service.update(id, dto, actor);
  }

  @Patch(':id')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Update some fields of a DICOMweb source' })
  @ApiOkResponse({ type: DicomwebSourceDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  update(
    @IdParam() id: number,
    @Body() dto: UpdateDicomwebSourceDto,
    @CurrentIdentity() actor: Identity,
  ): Promise<DicomwebSourceDto> {
    return this.service.update(id, dto, actor);
  }

  @Post(':id/poll')
  @HttpCode(202)
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Poll a DICOMweb source now',
    description:
      'A poller starts a round of this source within seconds (right after the running one, if any), whatever its schedule and is_active; 409 when the source is disabled.',
  })
  @ApiAcceptedResponse({ type: PollRequestDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'the source is disabled', type: ErrorBodyDto })
  poll(@IdParam() id: number): Promise<PollRequestDto> {
    return this.service.poll(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Delete a DICOMweb source' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  remove(@IdParam() id: number, @CurrentIdentity() actor: Identity): Promise<void> {
    return this.service.remove(id, actor);
  }
}
