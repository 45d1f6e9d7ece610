import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INestApplication } from '@nestjs/common';
import { QUEUE_OF } from '@axiom/domain';
import { RoutingModule } from '@axiom/feature-routing';
import { rmqServerOptions } from '@axiom/messaging';
import { AppConfig, loadConfig } from '@axiom/platform-config';
import { HealthController, MetricsModule, RuntimeModule, createAppLogger } from '@axiom/runtime';

/**
 * The router worker: a hybrid app, HTTP for /health and one RabbitMQ consumer per queue
 * (instance.received, delivery.requested), each with manual ack and an explicit prefetch.
 */
export async function bootstrap(config: AppConfig = loadConfig(process.env, { requireDistributed: true })): Promise<INestApplication> {
  @Module({ imports: [RuntimeModule.forRoot(config), RoutingModule, MetricsModule.forRoot({ port: 'health', allowAnonymous: true })], controllers: [HealthController] })
  class RouterWorkerModule {}

  const app = await NestFactory.create(RouterWorkerModule, { logger: createAppLogger('router-worker', config) });
  app.enableShutdownHooks();
  for (const queue of new Set(Object.values(QUEUE_OF))) {
    app.connectMicroservice(rmqServerOptions(config.rabbitmqUrl as string, queue, config.prefetch), { inheritAppConfig: true });
  }
  await app.startAllMicroservices();
  await app.listen(config.healthPort, config.healthHost);
  new Logger('RouterWorker').log(`consuming ${Object.values(QUEUE_OF).join(', ')}; health on port ${config.healthPort}`);
  return app;
}
