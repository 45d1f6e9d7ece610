import { Module } from '@nestjs/common';
import { SpoolHeaders } from './spool-headers';
import { SpoolRetentionService } from './spool-retention.service';
import { SpoolService } from './spool.service';

@Module({ providers: [SpoolService, SpoolRetentionService, SpoolHeaders], exports: [SpoolService, SpoolHeaders] })
export class SpoolModule {}
