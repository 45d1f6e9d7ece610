import { Module } from '@nestjs/common';
import { DestinationsModule } from '@axiom/destinations';
import { InstanceFilesModule } from '@axiom/spool';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ApiKeyEntity, AuditLogEntity, DeliveryEntity, DicomwebSourceEntity, DimseListenerEntity, DimseQrSourceEntity,
  InstanceEntity, LedgerPersistenceModule, ListenerStatusEntity, PollingPersistenceModule, RoleEntity, RuleEntity, RulesetEntity, StorageBackendEntity, UserEntity,
} from '@axiom/persistence';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AdminBootstrapService } from './bootstrap/admin-bootstrap.service';
import { KnownSources } from './common/known-sources';
import { DictionaryController } from './rules/dictionary.controller';
import { DictionaryService } from './rules/dictionary.service';
import { RulesController } from './rules/rules.controller';
import { RulesService } from './rules/rules.service';
import { RulesetsController } from './rules/rulesets.controller';
import { RulesetsService } from './rules/rulesets.service';
import { DicomwebSourcesController } from './sources/dicomweb-sources.controller';
import { DicomwebSourcesService } from './sources/dicomweb-sources.service';
import { DimseQrSourcesController } from './sources/dimse-qr-sources.controller';
import { DimseQrSourcesService } from './sources/dimse-qr-sources.service';
import { DimseListenersController } from './sources/dimse-listeners.controller';
import { DimseListenersService } from './sources/dimse-listeners.service';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerService } from './ledger/ledger.service';
import { StatusController } from './status/status.controller';
import { StatusService } from './status/status.service';
import { ThroughputService } from './status/throughput.service';
import { SignInController } from './auth/sign-in.controller';
import { SignInService } from './auth/sign-in.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';
import { StorageBackendsController } from './storage-backends/storage-backends.controller';
import { StorageBackendsService } from './storage-backends/storage-backends.service';
import { StorageBackendTestService } from './storage-backends/storage-backend-test.service';

/**
 * The configuration and status API. Needs APP_CONFIG and the TypeORM root connection (the
 * runtime module) and AuthModule (global guard, SecretBox, tokens).
 */
@Module({
  imports: [TypeOrmModule.forFeature([
    ApiKeyEntity, AuditLogEntity, DeliveryEntity, DicomwebSourceEntity, DimseListenerEntity, DimseQrSourceEntity,
    InstanceEntity, ListenerStatusEntity, RoleEntity, RuleEntity, RulesetEntity, StorageBackendEntity, UserEntity,
  ]), LedgerPersistenceModule, PollingPersistenceModule, InstanceFilesModule, DestinationsModule],
  controllers: [StorageBackendsController, RulesetsController, RulesController, DimseListenersController, ApiKeysController, AuditController, LedgerController, StatusController, UsersController, SignInController, DicomwebSourcesController, DimseQrSourcesController, DictionaryController],
  providers: [AuditService, KnownSources, StorageBackendsService, StorageBackendTestService, RulesetsService, RulesService, DimseListenersService, ApiKeysService, AdminBootstrapService, LedgerService, StatusService, UsersService, SignInService, DicomwebSourcesService, DimseQrSourcesService, DictionaryService, ThroughputService],
  exports: [AdminBootstrapService],
})
export class ConfigAdminModule {}
