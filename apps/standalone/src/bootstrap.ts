import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getRepositoryToken } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AdminBootstrapService, configureHttpApp } from '@axiom/feature-config-admin';
import { seedDefaultListener } from '@axiom/feature-ingest';
import { InProcessBroker, InProcessServer } from '@axiom/messaging';
import { DimseListenerEntity } from '@axiom/persistence';
import { AppConfig, loadConfig } from '@axiom/platform-config';
import { createAppLogger } from '@axiom/runtime';
import { StandaloneModule } from './standalone.module';

/** Boots the embedded default (also used by the end-to-end tests). */
export async function bootstrap(config: AppConfig = loadConfig(process.env)): Promise<NestExpressApplication> {
  const broker = new InProcessBroker(config.prefetch);
  const app = await NestFactory.create<NestExpressApplication>(StandaloneModule.forRoot(config, broker), {
    logger: createAppLogger('standalone', config), bufferLogs: false,
  });
  app.enableShutdownHooks();
  app.connectMicroservice({ strategy: new InProcessServer(broker) }, { inheritAppConfig: true });
  await configureHttpApp(app);
  // the first start on an empty database: the default listener and the first admin key
  await seedDefaultListener(app.get<Repository<DimseListenerEntity>>(getRepositoryToken(DimseListenerEntity)), config.instanceId);
  const admin = await app.get(AdminBootstrapService).ensureFirstAdmin();
  if (admin.created && admin.apiKey && !config.adminApiKey) {
    process.stdout.write(`\nFirst start: created admin ${admin.email}. API key (shown once, store it now):\n\n  ${admin.apiKey}\n\n`);
  }
  await app.startAllMicroservices();
  await app.listen(config.port, process.env['HOST'] ?? '0.0.0.0');
  new Logger('Axiom').log(`embedded mode: API on port ${config.port}, data in ${config.dataDir}`);
  return app;
}
