import { Module } from '@nestjs/common';
import { BreakerRepository } from './breaker.repository';
import { LedgerRepository } from './ledger.repository';

/** The ledger repository, for every module that changes instance or delivery state, and the storage backends' breakers. */
@Module({ providers: [LedgerRepository, BreakerRepository], exports: [LedgerRepository, BreakerRepository] })
export class LedgerPersistenceModule {}
