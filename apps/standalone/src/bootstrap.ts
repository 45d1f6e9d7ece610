import type { NestExpressApplication } from '@nestjs/platform-express';
import { AdminBootstrapService } from '@axiom/feature-config-admin';
import { DimseListenerManager } from '@axiom/feature-ingest';
import { InProcessBroker, InProcessServer } from '@axiom/messaging';
import { EmbeddedConfig, loadConfig } from '@axiom/platform-config';
import { bootApp } from '@axiom/runtime';
import { StandaloneModule } from './standalone.module';

/**
 * Boots the embedded default (also used by the end-to-end tests): one process, in-process
 * transport, the SQLite file under AXIOM_DATA_DIR, or PostgreSQL when DATABASE_URL is set.
 */
export async function bootstrap(config: EmbeddedConfig = loadConfig(process.env)): Promise<NestExpressApplication> {
  const broker = new InProcessBroker(config.prefetch);
  const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${config.sqlitePath}`;
  return bootApp({
    name: 'standalone',
    module: StandaloneModule.forRoot(config, broker),
    config,
    http: 'api',
    microservices: [{ strategy: new InProcessServer(broker) }],
    // the first start on an empty database: the default listener (then the first admin key)
    afterCreate: (app) => app.get(DimseListenerManager).seedDefaultListener(),
    firstAdmin: AdminBootstrapService,
    summary: `embedded mode, ${database}, data in ${config.dataDir}`,
  });
}
