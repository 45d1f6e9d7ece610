import { Module } from '@nestjs/common';
import { SpoolRetentionService } from './spool-retention.service';
import { SpoolService } from './spool.service';

@Module({ providers: [SpoolService, SpoolRetentionService], exports: [SpoolService] })
export class SpoolModule {}
