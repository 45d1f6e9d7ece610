import { Module } from '@nestjs/common';
import {
  ConfigPersistenceModule,
  LedgerPersistenceModule,
  PollingPersistenceModule,
  StatusPersistenceModule,
} from '@axiom/persistence';
import { SourceStatusService } from './source-status.service';
import { StatusController } from './status.controller';
import { StatusService } from './status.service';
import { ThroughputService } from './throughput.service';

/**
 * The dashboard and the status routes. What only other processes know comes through optional
 * providers the apps bind globally: LISTENER_STATUS_SOURCE (in-process listeners),
 * QUEUE_STATUS_SOURCE (broker queues and consumers) and the MessagePublisher (broker health).
 */
@Module({
  imports: [StatusPersistenceModule, ConfigPersistenceModule, LedgerPersistenceModule, PollingPersistenceModule],
  controllers: [StatusController],
  providers: [StatusService, SourceStatusService, ThroughputService],
})
export class StatusModule {}
