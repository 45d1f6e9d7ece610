import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
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
import { CreateRuleDto, ErrorBodyDto, RuleDto, RuleQueryDto, SavedRuleDto, UpdateRuleDto } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { IdParam } from '@axiom/platform-http';
import { RulesService } from './rules.service';

@ApiTags('rules')
@Controller('rules-engine/rules')
@ApiUnprocessableEntityResponse({
  description: 'a field is invalid, e.g. `match_criteria[0].op` (named in errors[].path)',
  type: ErrorBodyDto,
})
export class RulesController {
  constructor(private readonly service: RulesService) {}

  @Get()
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'List rules',
    description: 'Optionally of one ruleset; responses carry `destinations` (the storage backend objects).',
  })
  @ApiOkResponse({ type: [RuleDto] })
  list(@Query() query: RuleQueryDto): Promise<RuleDto[]> {
    return this.service.list(query.ruleset_id);
  }

  @Get(':id')
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'Get a rule' })
  @ApiOkResponse({ type: RuleDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  get(@IdParam() id: number): Promise<RuleDto> {
    return this.service.get(id);
  }

  @Post()
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Create a rule',
    description:
      'match_criteria, association_criteria and tag_modifications are validated by the rule engine; destination_ids must name existing storage backends. `warnings` names applicable_sources that are no known source.',
  })
  @ApiCreatedResponse({ type: SavedRuleDto })
  @ApiConflictResponse({ description: 'a rule of that name exists in the ruleset', type: ErrorBodyDto })
  create(@Body() dto: CreateRuleDto, @CurrentIdentity() actor: Identity): Promise<SavedRuleDto> {
    return this.service.create(dto, actor);
  }

  @Put(':id')
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Update a rule',
    description:
      'Fields left out keep their value; destination_ids replaces the destinations. `warnings` names applicable_sources that are no known source.',
  })
  @ApiOkResponse({ type: SavedRuleDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  replace(
    @IdParam() id: number,
    @Body() dto: UpdateRuleDto,
    @CurrentIdentity() actor: Identity,
  ): Promise<SavedRuleDto> {
    return this.service.update(id, dto, actor);
  }

  @Patch(':id')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Update some fields of a rule', description: 'Same as PUT.' })
  @ApiOkResponse({ type: SavedRuleDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  update(@IdParam() id: number, @Body() dto: UpdateRuleDto, @CurrentIdentity() actor: Identity): Promise<SavedRuleDto> {
    return this.service.update(id, dto, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Delete a rule' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  remove(@IdParam() id: number, @CurrentIdentity() actor: Identity): Promise<void> {
    return this.service.remove(id, actor);
  }
}
