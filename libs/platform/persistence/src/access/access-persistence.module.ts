import { Module } from '@nestjs/common';
import { ApiKeysStore } from './api-keys.store';
import { AuditStore } from './audit.store';
import { RolesStore } from './roles.store';
import { UsersStore } from './users.store';

/** The users, roles, API keys and audit log stores, for the access routes, sign-in, the admin bootstrap and every audited change. */
@Module({
  providers: [UsersStore, RolesStore, ApiKeysStore, AuditStore],
  exports: [UsersStore, RolesStore, ApiKeysStore, AuditStore],
})
export class AccessPersistenceModule {}
