import { Module } from '@nestjs/common';
import { AccessPersistenceModule } from '@axiom/persistence';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/**
 * The audit log: the writer every area's changes go through (import this module for
 * AuditService) and the Admin's route that lists it.
 */
@Module({
  imports: [AccessPersistenceModule],
  controllers: [AuditController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
