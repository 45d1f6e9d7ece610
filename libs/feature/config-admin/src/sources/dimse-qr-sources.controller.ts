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
  CreateDimseQrSourceDto,
  DimseQrSourceDto,
  ErrorBodyDto,
  PollRequestDto,
  UpdateDimseQrSourceDto,
} from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { IdParam } from '@axiom/platform-http';
import { DimseQrSourcesService } from './dimse-qr-sources.service';

@ApiTags('input sources')
@Controller('config/dimse-qr-sources')
@ApiUnprocessableEntityResponse({ description: 'a field is invalid (named in errors[].path)', type: ErrorBodyDto })
export class DimseQrSourcesController {
  constructor(private readonly service: DimseQrSourcesService) {}

  @Get()
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'List DIMSE Q/R sources',
    description:
      "C-FIND on a schedule, C-MOVE to one of our listeners (move_destination_ae_title must be a listener's AE title). StudyDate filters take TODAY, YESTERDAY, -<N>d.",
  })
  @ApiOkResponse({ type: [DimseQrSourceDto] })
  list(): Promise<DimseQrSourceDto[]> {
    return this.service.list();
  }

  @Get(':id')
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'Get a DIMSE Q/R source' })
  @ApiOkResponse({ type: DimseQrSourceDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  get(@IdParam() id: number): Promise<DimseQrSourceDto> {
    return this.service.get(id);
  }

  @Post()
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Create a DIMSE Q/R source', description: 'Pollers pick it up without a restart.' })
  @ApiCreatedResponse({ type: DimseQrSourceDto })
  @ApiConflictResponse({ description: 'name taken', type: ErrorBodyDto })
  create(@Body() dto: CreateDimseQrSourceDto, @CurrentIdentity() actor: Identity): Promise<DimseQrSourceDto> {
    return this.service.create(dto, actor);
  }

  @Put(':id')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Update a DIMSE Q/R source', description: 'Fields left out keep their value.' })
  @ApiOkResponse({ type: DimseQrSourceDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  replace(
    @IdParam() id: number,
    @Body() dto: UpdateDimseQrSourceDto,
    @CurrentIdentity() actor: Identity,
  ): Promise<DimseQrSourceDto> {
    return this.service.update(id, dto, actor);
  }

  @Patch(':id')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Update some fields of a DIMSE Q/R source' })
  @ApiOkResponse({ type: DimseQrSourceDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  update(
    @IdParam() id: number,
    @Body() dto: UpdateDimseQrSourceDto,
    @CurrentIdentity() actor: Identity,
  ): Promise<DimseQrSourceDto> {
    return this.service.update(id, dto, actor);
  }

  @Post(':id/poll')
  @HttpCode(202)
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Poll a DIMSE Q/R source now',
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
  @ApiOperation({ summary: 'Delete a DIMSE Q/R source' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  remove(@IdParam() id: number, @CurrentIdentity() actor: Identity): Promise<void> {
    return this.service.remove(id, actor);
  }
}
