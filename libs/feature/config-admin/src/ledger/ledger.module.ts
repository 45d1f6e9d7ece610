import { Module } from '@nestjs/common';
import { ConfigPersistenceModule, LedgerPersistenceModule } from '@axiom/persistence';
import { InstanceFilesModule } from '@axiom/spool';
import { AuditModule } from '../audit/audit.module';
import { LedgerController } from './ledger.controller';
import { LedgerService } from './ledger.service';

/**
 * The ledger routes: instances and their history, deliveries, the dead-letter retries and the
 * discard of a held backlog. Needs the global MessagePublisher (retries are published at once).
 */
@Module({
  imports: [LedgerPersistenceModule, ConfigPersistenceModule, InstanceFilesModule, AuditModule],
  controllers: [LedgerController],
  providers: [LedgerService],
})
export class LedgerModule {}
