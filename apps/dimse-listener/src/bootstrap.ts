import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DimseListenerModule } from '@axiom/feature-ingest';
import { DistributedConfig, loadConfig } from '@axiom/platform-config';
import { HealthController, MetricsModule, RuntimeModule, bootApp } from '@axiom/runtime';

/** The C-STORE listeners of this AXIOM_INSTANCE_ID, with /health on HEALTH_PORT. */
export async function bootstrap(
  config: DistributedConfig = loadConfig(process.env, { requireDistributed: true }),
): Promise<NestExpressApplication> {
  @Module({
    imports: [
      RuntimeModule.forRoot(config),
      DimseListenerModule,
      MetricsModule.forRoot({ port: 'health', allowAnonymous: true }),
    ],
    controllers: [HealthController],
  })
  class DimseListenerAppModule {}

  return bootApp({
    name: 'dimse-listener',
    module: DimseListenerAppModule,
    config,
    http: 'health',
    summary: `instance "${config.instanceId}"`,
  });
}
