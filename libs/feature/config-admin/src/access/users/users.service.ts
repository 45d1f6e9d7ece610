import { Injectable } from '@nestjs/common';
import type { Identity } from '@axiom/auth';
import { ErrorCode, type CreateUserDto, type RoleDto, type UpdateUserDto, type UserDto } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { RolesStore, UserEntity, UsersStore } from '@axiom/persistence';
import { AuditService } from '../../audit/audit.service';
import { RequestException } from '@axiom/platform-http';
import { toRoleDto, toUserDto } from './user.mapper';

const KIND = 'user';

/** Users and their roles. Only Admins reach the changing methods (route guards). */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersStore,
    private readonly roles: RolesStore,
    private readonly audit: AuditService,
  ) {}

  async me(actor: Identity): Promise<UserDto> {
    return toUserDto(await this.load(actor.userId));
  }

  async list(): Promise<UserDto[]> {
    return (await this.users.list()).map(toUserDto);
  }

  async get(id: number): Promise<UserDto> {
    return toUserDto(await this.load(id));
  }

  async listRoles(): Promise<RoleDto[]> {
    return (await this.roles.list()).map(toRoleDto);
  }

  /** Pre-registers someone (role User) so an Admin can grant roles before their first sign-in. */
  async create(dto: CreateUserDto, actor: Identity): Promise<UserDto> {
    const email = dto.email.toLowerCase();
    await this.assertEmailFree(email);
    const userRole = await this.roles.named([RoleName.User]);
    const row = await this.users.create({
      email,
      fullName: dto.full_name ?? null,
      isActive: dto.is_active ?? true,
      roles: userRole,
    });
    const after = toUserDto(row);
    await this.audit.record({ actor, action: 'create', entityType: 'user', entityId: row.id, after });
    return after;
  }

  async update(id: number, dto: UpdateUserDto, actor: Identity): Promise<UserDto> {
    const row = await this.load(id);
    const before = toUserDto(row);
    if (dto.email !== undefined) await this.assertEmailFree(dto.email.toLowerCase(), id);
    if (dto.is_active === false && row.isActive) await this.assertNotLastAdmin(row, 'deactivate');
    row.email = dto.email?.toLowerCase() ?? row.email;
    row.fullName = dto.full_name === undefined ? row.fullName : dto.full_name;
    row.isActive = dto.is_active ?? row.isActive;
    const after = toUserDto(await this.users.save(row));
    await this.audit.record({ actor, action: 'update', entityType: 'user', entityId: id, before, after });
    return after;
  }

  async assignRole(id: number, roleId: number, actor: Identity): Promise<UserDto> {
    const row = await this.load(id);
    const role = await this.roles.findById(roleId);
    if (!role) throw RequestException.invalid([{ path: 'role_id', message: `role ${roleId} does not exist` }]);
    const before = toUserDto(row);
    if (!row.roles.some((r) => r.id === roleId)) row.roles = [...row.roles, role];
    const after = toUserDto(await this.users.save(row));
    await this.audit.record({ actor, action: 'assign_role', entityType: 'user', entityId: id, before, after });
    return after;
  }

  async removeRole(id: number, roleId: number, actor: Identity): Promise<UserDto> {
    const row = await this.load(id);
    const role = row.roles.find((r) => r.id === roleId);
    if (!role) throw RequestException.notFound(`role of user ${id}:`, roleId);
    if (role.name === RoleName.Admin) await this.assertNotLastAdmin(row, 'remove the Admin role of');
    const before = toUserDto(row);
    row.roles = row.roles.filter((r) => r.id !== roleId);
    const after = toUserDto(await this.users.save(row));
    await this.audit.record({ actor, action: 'remove_role', entityType: 'user', entityId: id, before, after });
    return after;
  }

  private async load(id: number): Promise<UserEntity> {
    const row = await this.users.findById(id);
    if (!row) throw RequestException.notFound(KIND, id);
    return row;
  }

  private async assertEmailFree(email: string, exceptId?: number): Promise<void> {
    if (await this.users.emailTaken(email, exceptId))
      throw new RequestException(ErrorCode.NameConflict, `a user with email ${email} already exists`, [
        { path: 'email', message: 'already in use' },
      ]);
  }

  /** Someone must stay able to manage the system. */
  private async assertNotLastAdmin(row: UserEntity, verb: string): Promise<void> {
    if (!row.roles.some((r) => r.name === RoleName.Admin)) return;
    const admins = (await this.users.listActive()).filter((u) => u.roles.some((r) => r.name === RoleName.Admin));
    if (admins.length <= 1) throw RequestException.inUse(`cannot ${verb} the last active Admin (${row.email})`);
  }
}
