import { Module } from '@nestjs/common';
import { IngestModule } from '@axiom/feature-ingest';
import { StowController } from './stow.controller';
import { StowService } from './stow.service';

/** DICOMweb ingress: STOW-RS at /api/v1/dicomweb/studies (the api app and the standalone app). */
@Module({
  imports: [IngestModule],
  controllers: [StowController],
  providers: [StowService],
})
export class DicomwebIngressModule {}
