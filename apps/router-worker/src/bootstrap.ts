import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { QUEUE_OF } from '@axiom/domain';
import { RoutingModule } from '@axiom/feature-routing';
import { rmqServerOptions } from '@axiom/messaging';
import { DistributedConfig, loadConfig } from '@axiom/platform-config';
import { HealthController, MetricsModule, RuntimeModule, bootApp } from '@axiom/runtime';

/**
 * The router worker: a hybrid app, HTTP for /health and one RabbitMQ consumer per queue
 * (instance.received, delivery.requested), each with manual ack and an explicit prefetch.
 */
export async function bootstrap(
  config: DistributedConfig = loadConfig(process.env, { requireDistributed: true }),
): Promise<NestExpressApplication> {
  @Module({
    imports: [
      RuntimeModule.forRoot(config),
      RoutingModule,
      MetricsModule.forRoot({ port: 'health', allowAnonymous: true }),
    ],
    controllers: [HealthController],
  })
  class RouterWorkerModule {}

  const queues = [...new Set(Object.values(QUEUE_OF))];
  return bootApp({
    name: 'router-worker',
    module: RouterWorkerModule,
    config,
    http: 'health',
    microservices: queues.map((queue) => rmqServerOptions(config.rabbitmqUrl, queue, config.prefetch)),
    summary: `consuming ${queues.join(', ')}`,
  });
}
