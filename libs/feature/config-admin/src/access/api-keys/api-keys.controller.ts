import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentIdentity, Identity, Roles } from '@axiom/auth';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, ErrorBodyDto, UpdateApiKeyDto } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { IdParam } from '@axiom/platform-http';
import { ApiKeysService } from './api-keys.service';

/** The API key routes: each user's own keys, every key for an Admin. */
@ApiTags('api keys')
@Controller('apikeys')
export class ApiKeysController {
  constructor(private readonly service: ApiKeysService) {}

  @Get()
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'List API keys',
    description: 'Your own keys (an Admin sees every key). Never returns the key or its hash.',
  })
  @ApiOkResponse({ type: [ApiKeyDto] })
  list(@CurrentIdentity() actor: Identity): Promise<ApiKeyDto[]> {
    return this.service.list(actor);
  }

  @Get(':id')
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'Get an API key' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  get(@IdParam() id: number, @CurrentIdentity() actor: Identity): Promise<ApiKeyDto> {
    return this.service.get(id, actor);
  }

  @Post()
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'Create an API key for yourself',
    description:
      '`full_key` is in this response only: store it now. Use it as `Authorization: Api-Key <full_key>` or `X-API-Key: <full_key>`.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Body() dto: CreateApiKeyDto, @CurrentIdentity() actor: Identity): Promise<CreatedApiKeyDto> {
    return this.service.create(dto, actor);
  }

  @Put(':id')
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'Update an API key',
    description: 'Rename, (de)activate or change the expiry of one of your keys.',
  })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  replace(@IdParam() id: number, @Body() dto: UpdateApiKeyDto, @CurrentIdentity() actor: Identity): Promise<ApiKeyDto> {
    return this.service.update(id, dto, actor);
  }

  @Patch(':id')
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'Update some fields of an API key' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  update(@IdParam() id: number, @Body() dto: UpdateApiKeyDto, @CurrentIdentity() actor: Identity): Promise<ApiKeyDto> {
    return this.service.update(id, dto, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'Revoke an API key', description: 'The key stops working at once (401).' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  revoke(@IdParam() id: number, @CurrentIdentity() actor: Identity): Promise<void> {
    return this.service.revoke(id, actor);
  }
}
