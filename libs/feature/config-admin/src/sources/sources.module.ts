import { Module } from '@nestjs/common';
import { ConfigPersistenceModule, PollingPersistenceModule } from '@axiom/persistence';
import { AuditModule } from '../audit/audit.module';
import { DicomwebSourcesController } from './dicomweb-sources.controller';
import { DicomwebSourcesService } from './dicomweb-sources.service';
import { DimseListenersController } from './dimse-listeners.controller';
import { DimseListenersService } from './dimse-listeners.service';
import { DimseQrSourcesController } from './dimse-qr-sources.controller';
import { DimseQrSourcesService } from './dimse-qr-sources.service';

/**
 * Where instances come from: DIMSE listeners, DICOMweb sources and DIMSE Q/R sources, with
 * poll-now. Needs APP_CONFIG and the global SecretBox (DICOMweb credentials are sealed at rest).
 */
@Module({
  imports: [ConfigPersistenceModule, PollingPersistenceModule, AuditModule],
  controllers: [DimseListenersController, DicomwebSourcesController, DimseQrSourcesController],
  providers: [DimseListenersService, DicomwebSourcesService, DimseQrSourcesService],
})
export class SourcesModule {}
