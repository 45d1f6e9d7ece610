import { Module } from '@nestjs/common';
import { StatusStore } from './status.store';
import { ThroughputStore } from './throughput.store';

/** The read-side stores of the dashboard and the status routes. */
@Module({ providers: [StatusStore, ThroughputStore], exports: [StatusStore, ThroughputStore] })
export class StatusPersistenceModule {}
