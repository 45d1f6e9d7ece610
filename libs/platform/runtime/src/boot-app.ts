import { DynamicModule, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp } from '@axiom/platform-http';
import type { AppConfig } from '@axiom/platform-config';
import { createAppLogger } from './app-logger.factory';
import { FirstAdminSource, printFirstAdminKey } from './first-admin-banner';

/** What makes one app process; see bootApp. */
export interface BootOptions {
  /** The process's name, on every log line (`api`, `router-worker`, ...). */
  name: string;
  module: Type | DynamicModule;
  config: AppConfig;
  /**
   * `api`: the REST API (prefix, validation, Swagger, console) on PORT at HOST;
   * `health`: the module's /health and /metrics on HEALTH_PORT at HEALTH_HOST.
   */
  http: 'api' | 'health';
  /** Transports whose consumers run in this process (RabbitMQ queues, the in-process server). */
  microservices?: MicroserviceOptions[];
  /** First-start work once the app is set up, before it takes traffic (the default listener row). */
  afterCreate?: (app: NestExpressApplication) => Promise<unknown>;
  /** Makes the first admin on an empty database; a generated key is printed once. */
  firstAdmin?: Type<FirstAdminSource>;
  /** What the process serves, for its one start-up line. */
  summary: string;
}

/**
 * Starts an app process the one way they all start: the logger of LOG_LEVEL and LOG_FORMAT,
 * shutdown hooks (SIGTERM drains), its consumers, first-start work and the first admin, then
 * its HTTP port; one line says what runs where.
 */
export async function bootApp(options: BootOptions): Promise<NestExpressApplication> {
  const { config } = options;
  const app = await NestFactory.create<NestExpressApplication>(options.module, {
    logger: createAppLogger(options.name, config),
  });
  app.enableShutdownHooks();
  for (const transport of options.microservices ?? []) app.connectMicroservice(transport, { inheritAppConfig: true });
  if (options.http === 'api') await configureHttpApp(app);
  await options.afterCreate?.(app);
  if (options.firstAdmin) printFirstAdminKey(await app.get(options.firstAdmin).ensureFirstAdmin(), config);
  if (options.microservices?.length) await app.startAllMicroservices();
  const [port, host, what] =
    options.http === 'api' ? [config.port, config.host, 'API'] : [config.healthPort, config.healthHost, 'health'];
  await app.listen(port, host);
  new Logger('Boot').log(`${options.summary}; ${what} on port ${port} at ${host}`);
  return app;
}
