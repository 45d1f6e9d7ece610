import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DicomwebSourceDriver, DimseQrSourceDriver, PollingModule } from '@axiom/feature-polling';
import { DistributedConfig, loadConfig } from '@axiom/platform-config';
import { HealthController, MetricsModule, RuntimeModule, bootApp } from '@axiom/runtime';
import { SecretsModule } from '@axiom/secrets';

/**
 * The poller process: one scheduler per enabled, active source row (DICOMweb: QIDO-RS, then
 * WADO-RS; DIMSE Q/R: C-FIND, then C-MOVE or C-GET), into the ingest; each source under a lease
 * in the database, so that several pollers can run and a source is polled by one at a time.
 */
export async function bootstrap(
  config: DistributedConfig = loadConfig(process.env, { requireDistributed: true }),
): Promise<NestExpressApplication> {
  @Module({
    imports: [
      RuntimeModule.forRoot(config),
      SecretsModule,
      PollingModule.forRoot({ drivers: [DicomwebSourceDriver, DimseQrSourceDriver] }),
      MetricsModule.forRoot({ port: 'health', allowAnonymous: true }),
    ],
    controllers: [HealthController],
  })
  class PollerModule {}

  return bootApp({ name: 'poller', module: PollerModule, config, http: 'health', summary: 'polling the source rows' });
}
