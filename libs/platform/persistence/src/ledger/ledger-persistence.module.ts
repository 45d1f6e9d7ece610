import { Module } from '@nestjs/common';
import { LedgerRepository } from './ledger.repository';

/** The ledger repository, for every module that changes instance or delivery state. */
@Module({ providers: [LedgerRepository], exports: [LedgerRepository] })
export class LedgerPersistenceModule {}
