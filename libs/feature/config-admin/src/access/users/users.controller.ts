import { Body, Controller, Delete, Get, Patch, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentIdentity, Identity, Roles } from '@axiom/auth';
import { AssignRoleDto, CreateUserDto, ErrorBodyDto, RoleDto, UpdateUserDto, UserDto } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { IdParam } from '@axiom/platform-http';
import { UsersService } from './users.service';

/** The user and role routes: who am I for everyone, the rest for Admins. */
@ApiTags('users and roles')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('users/me')
  @Roles(RoleName.User)
  @ApiOperation({ summary: 'Who am I', description: 'The user behind the key or token of this request, with roles.' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentIdentity() actor: Identity): Promise<UserDto> {
    return this.users.me(actor);
  }

  @Get('users')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'List users' })
  @ApiOkResponse({ type: [UserDto] })
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Post('users')
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Pre-register a user',
    description: 'Role User; they sign in with Google under this email. Assign more roles with POST /users/{id}/roles.',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'email taken', type: ErrorBodyDto })
  create(@Body() dto: CreateUserDto, @CurrentIdentity() actor: Identity): Promise<UserDto> {
    return this.users.create(dto, actor);
  }

  @Get('users/:id')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Get a user' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  get(@IdParam() id: number): Promise<UserDto> {
    return this.users.get(id);
  }

  @Put('users/:id')
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Update a user',
    description:
      "email, full_name, is_active (false blocks sign-in and all the user's keys). The last active Admin cannot be deactivated (409).",
  })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  replace(@IdParam() id: number, @Body() dto: UpdateUserDto, @CurrentIdentity() actor: Identity): Promise<UserDto> {
    return this.users.update(id, dto, actor);
  }

  @Patch('users/:id')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Update some fields of a user' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  update(@IdParam() id: number, @Body() dto: UpdateUserDto, @CurrentIdentity() actor: Identity): Promise<UserDto> {
    return this.users.update(id, dto, actor);
  }

  @Post('users/:id/roles')
  @Roles(RoleName.Admin)
  @ApiOperation({ summary: 'Give a user a role' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  assignRole(@IdParam() id: number, @Body() dto: AssignRoleDto, @CurrentIdentity() actor: Identity): Promise<UserDto> {
    return this.users.assignRole(id, dto.role_id, actor);
  }

  @Delete('users/:id/roles/:role_id')
  @Roles(RoleName.Admin)
  @ApiOperation({
    summary: 'Take a role from a user',
    description: 'The last active Admin keeps the Admin role (409).',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  removeRole(
    @IdParam() id: number,
    @IdParam('role_id') roleId: number,
    @CurrentIdentity() actor: Identity,
  ): Promise<UserDto> {
    return this.users.removeRole(id, roleId, actor);
  }

  @Get('roles')
  @Roles(RoleName.User)
  @ApiOperation({
    summary: 'List roles',
    description:
      'Admin manages everything; User reads configuration and status, runs dry runs, sends through STOW-RS and manages their own API keys.',
  })
  @ApiOkResponse({ type: [RoleDto] })
  roles(): Promise<RoleDto[]> {
    return this.users.listRoles();
  }
}
