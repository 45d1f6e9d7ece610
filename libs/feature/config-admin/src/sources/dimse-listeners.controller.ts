import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import {
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
import { CreateDimseListenerDto, DimseListenerDto, ErrorBodyDto, UpdateDimseListenerDto } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { IdParam } from '@axiom/platform-http';
import { DimseListenersService } from './dimse-listeners.service';

@ApiTags('input sources')
@Controller('config/dimse-listeners')
@ApiUnprocessableEntityResponse({ description: 'a field is invalid (named in errors[].path)', type: ErrorBodyDto })
export class DimseListenersController {
  constructor(private readonly service: DimseListenersService) {}

  @Get()
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'List DIMSE listeners',
    description: 'C-STORE SCPs; each runs in the listener process whose AXIOM_INSTANCE_ID equals instance_id.',
  })
  @ApiOkResponse({ type: [DimseListenerDto] })
  list(): Promise<DimseListenerDto[]> {
    return this.service.list();
  }

  @Get(':id')
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'Get a DIMSE listener' })
  @ApiOkResponse({ type: DimseListenerDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  get(@IdParam() id: number): Promise<DimseListenerDto> {
    return this.service.get(id);
  }

  @Post()
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Create a DIMSE listener',
    description:
      'Running listener processes pick it up without a restart. Two enabled listeners of one instance cannot share a port (409).',
  })
  @ApiCreatedResponse({ type: DimseListenerDto })
  @ApiConflictResponse({ description: 'name or port taken', type: ErrorBodyDto })
  create(@Body() dto: CreateDimseListenerDto, @CurrentIdentity() actor: Identity): Promise<DimseListenerDto> {
    return this.service.create(dto, actor);
  }

  @Put(':id')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Update a DIMSE listener', description: 'Fields left out keep their value.' })
  @ApiOkResponse({ type: DimseListenerDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  replace(
    @IdParam() id: number,
    @Body() dto: UpdateDimseListenerDto,
    @CurrentIdentity() actor: Identity,
  ): Promise<DimseListenerDto> {
    return this.service.update(id, dto, actor);
  }

  @Patch(':id')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Update some fields of a DIMSE listener' })
  @ApiOkResponse({ type: DimseListenerDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  update(
    @IdParam() id: number,
    @Body() dto: UpdateDimseListenerDto,
    @CurrentIdentity() actor: Identity,
  ): Promise<DimseListenerDto> {
    return this.service.update(id, dto, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Delete a DIMSE listener',
    description: 'Refused (409, naming them) while a DIMSE Q/R source moves studies to its AE title.',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  remove(@IdParam() id: number, @CurrentIdentity() actor: Identity): Promise<void> {
    return this.service.remove(id, actor);
  }
}
