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
import { CreateRulesetDto, ErrorBodyDto, RulesetDto, UpdateRulesetDto } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { IdParam } from '@axiom/platform-http';
import { RulesetsService } from './rulesets.service';

@ApiTags('rules')
@Controller('rules-engine/rulesets')
@ApiUnprocessableEntityResponse({ description: 'a field is invalid (named in errors[].path)', type: ErrorBodyDto })
export class RulesetsController {
  constructor(private readonly service: RulesetsService) {}

  @Get()
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'List rulesets with their rules',
    description: 'In evaluation order: priority ascending (lower runs first), then id.',
  })
  @ApiOkResponse({ type: [RulesetDto] })
  list(): Promise<RulesetDto[]> {
    return this.service.list();
  }

  @Get(':id')
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'Get a ruleset with its rules' })
  @ApiOkResponse({ type: RulesetDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  get(@IdParam() id: number): Promise<RulesetDto> {
    return this.service.get(id);
  }

  @Post()
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Create a ruleset',
    description:
      'execution_mode FIRST_MATCH stops at the first matching rule of this ruleset; ALL_MATCHES applies every matching rule.',
  })
  @ApiCreatedResponse({ type: RulesetDto })
  @ApiConflictResponse({ description: 'name taken', type: ErrorBodyDto })
  create(@Body() dto: CreateRulesetDto, @CurrentIdentity() actor: Identity): Promise<RulesetDto> {
    return this.service.create(dto, actor);
  }

  @Put(':id')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Update a ruleset', description: 'Fields left out keep their value.' })
  @ApiOkResponse({ type: RulesetDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  replace(
    @IdParam() id: number,
    @Body() dto: UpdateRulesetDto,
    @CurrentIdentity() actor: Identity,
  ): Promise<RulesetDto> {
    return this.service.update(id, dto, actor);
  }

  @Patch(':id')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Update some fields of a ruleset' })
  @ApiOkResponse({ type: RulesetDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  update(
    @IdParam() id: number,
    @Body() dto: UpdateRulesetDto,
    @CurrentIdentity() actor: Identity,
  ): Promise<RulesetDto> {
    return this.service.update(id, dto, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Delete a ruleset and its rules' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  remove(@IdParam() id: number, @CurrentIdentity() actor: Identity): Promise<void> {
    return this.service.remove(id, actor);
  }
}
