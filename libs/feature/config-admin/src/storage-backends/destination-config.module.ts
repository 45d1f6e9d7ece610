import { Module } from '@nestjs/common';
import { DestinationsModule } from '@axiom/destinations';
import { ConfigPersistenceModule, LedgerPersistenceModule } from '@axiom/persistence';
import { AuditModule } from '../audit/audit.module';
import { DestinationTestService } from './storage-backend-test.service';
import { StorageBackendsController } from './storage-backends.controller';
import { StorageBackendsService } from './storage-backends.service';

/**
 * Where instances go: the destinations (`storage-backends` on the wire) and their test, checked
 * with the same adapters the deliveries use. Exports StorageBackendsService for the wire form of
 * a rule's destinations. Needs APP_CONFIG, the global SecretBox and the global MessagePublisher
 * (enabling a destination releases its held deliveries at once).
 */
@Module({
  imports: [ConfigPersistenceModule, LedgerPersistenceModule, AuditModule, DestinationsModule],
  controllers: [StorageBackendsController],
  providers: [StorageBackendsService, DestinationTestService],
  exports: [StorageBackendsService],
})
export class DestinationConfigModule {}
