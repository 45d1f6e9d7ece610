import { Module } from '@nestjs/common';
import { BreakerRepository } from './breaker.repository';
import { LedgerSearchStore } from './ledger-search.store';
import { LedgerRepository } from './ledger.repository';

/**
 * The ledger repository, for every module that changes instance or delivery state, the storage
 * backends' breakers, and the ledger searches of the API.
 */
@Module({
  providers: [LedgerRepository, BreakerRepository, LedgerSearchStore],
  exports: [LedgerRepository, BreakerRepository, LedgerSearchStore],
})
export class LedgerPersistenceModule {}
