import { Module } from '@nestjs/common';
import { LedgerPersistenceModule, ListenerPersistenceModule } from '@axiom/persistence';
import { DimseListenerManager } from './dimse-listener.manager';
import { IngestService } from './ingest.service';
import { MoveAttribution } from './move-attribution';
import { SpoolModule } from '@axiom/spool';

/** Spool + ledger + publish; imported by every app that receives instances. */
@Module({
  imports: [LedgerPersistenceModule, SpoolModule],
  providers: [IngestService],
  exports: [IngestService, SpoolModule],
})
export class IngestModule {}

/** The C-STORE listeners (the dimse-listener app, and the standalone app). */
@Module({
  imports: [IngestModule, ListenerPersistenceModule],
  providers: [DimseListenerManager, MoveAttribution],
  exports: [DimseListenerManager],
})
export class DimseListenerModule {}
