import { Module } from '@nestjs/common';
import { PollingStateRepository } from './polling-state.repository';

/** The polling state repository, for the schedulers and the poll-now and status routes. */
@Module({ providers: [PollingStateRepository], exports: [PollingStateRepository] })
export class PollingPersistenceModule {}
