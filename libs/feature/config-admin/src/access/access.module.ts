import { Module } from '@nestjs/common';
import { AccessPersistenceModule } from '@axiom/persistence';
import { AuditModule } from '../audit/audit.module';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AdminBootstrapService } from './bootstrap/admin-bootstrap.service';
import { SignInController } from './sign-in/sign-in.controller';
import { SignInService } from './sign-in/sign-in.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/**
 * Who may do what: users and roles, API keys, Google sign-in and the first admin. Needs
 * APP_CONFIG and the global AuthModule (identity resolver, tokens, Google verifier, rate limiter).
 * Exports AdminBootstrapService for the apps' first start and `create-admin`.
 */
@Module({
  imports: [AccessPersistenceModule, AuditModule],
  controllers: [UsersController, ApiKeysController, SignInController],
  providers: [UsersService, ApiKeysService, SignInService, AdminBootstrapService],
  exports: [AdminBootstrapService],
})
export class AccessModule {}
