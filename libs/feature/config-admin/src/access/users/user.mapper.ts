import type { RoleDto, UserDto } from '@axiom/contracts';
import type { RoleEntity, UserEntity } from '@axiom/persistence';
import { isoRequired } from '../../common/wire';

/** A role as the API shows it. */
export function toRoleDto(row: RoleEntity): RoleDto {
  return { id: row.id, name: row.name, description: row.description };
}

/** A user as the API shows it, roles by id. */
export function toUserDto(row: UserEntity): UserDto {
  return {
    id: row.id,
    email: row.email,
    full_name: row.fullName,
    is_active: row.isActive,
    roles: [...(row.roles ?? [])].sort((a, b) => a.id - b.id).map(toRoleDto),
    created_at: isoRequired(row.createdAt),
    updated_at: isoRequired(row.updatedAt),
  };
}
