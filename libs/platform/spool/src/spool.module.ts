import { Module } from '@nestjs/common';
import { SpoolService } from './spool.service';

@Module({ providers: [SpoolService], exports: [SpoolService] })
export class SpoolModule {}
