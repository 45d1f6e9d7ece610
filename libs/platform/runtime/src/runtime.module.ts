import {
  DynamicModule,
  Global,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Inject,
} from '@nestjs/common';
import {
  InProcessBroker,
  InProcessPublisher,
  MessagePublisher,
  RmqPublisher,
  ensureDeadLetterTopology,
} from '@axiom/messaging';
import { DatabaseModule } from '@axiom/persistence';
import { enableProcessMetrics } from '@axiom/observability';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { GracefulShutdown } from './graceful-shutdown';
import { HealthService } from './health.service';
import { untilReachable } from './until-reachable';
import { registerQueueMetrics, registerSpoolMetrics } from './runtime-metrics';

export interface RuntimeOptions {
  /** The embedded mode's broker, shared with the in-process server of the same process. */
  broker?: InProcessBroker;
  /** Apply pending migrations when the connection opens (api and standalone do). */
  migrate?: boolean;
  /** Report the queue depths on /metrics (one process per deployment is enough: the api, or the standalone). */
  queueMetrics?: boolean;
}

/** The gauges every process refreshes at each scrape: spool size and free space, queue depths where asked. */
class RuntimeMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly options: RuntimeOptions,
  ) {}

  onApplicationBootstrap(): void {
    enableProcessMetrics();
    this.stops.push(registerSpoolMetrics(this.config.spoolPath));
    if (this.options.queueMetrics) {
      const source =
        this.config.mode === 'distributed'
          ? { rabbitmqUrl: this.config.rabbitmqUrl }
          : this.options.broker
            ? { broker: this.options.broker }
            : null;
      if (source) this.stops.push(registerQueueMetrics(source));
    }
  }

  onApplicationShutdown(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}

class PublisherLifecycle implements OnApplicationShutdown {
  constructor(@Inject(MessagePublisher) private readonly publisher: MessagePublisher) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.publisher instanceof RmqPublisher) await this.publisher.close();
  }
}

/**
 * What every app needs from the platform: the validated configuration, the database connection
 * (PostgreSQL or the embedded SQLite file), the message publisher (RabbitMQ in the distributed
 * mode, in-process in the embedded one), the health checks and the graceful shutdown.
 */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(config: AppConfig, options: RuntimeOptions = {}): DynamicModule {
    const publisherProvider =
      config.mode === 'distributed'
        ? {
            provide: MessagePublisher,
            useFactory: async () => {
              const url = config.rabbitmqUrl;
              const publisher = new RmqPublisher(url, config.publishTimeoutMs);
              // a broker that is down (restarting) when the process starts is waited for, not a reason to exit
              await untilReachable('RabbitMQ', async () => {
                await ensureDeadLetterTopology(url);
                await publisher.connect();
              });
              new Logger('Runtime').log('connected to RabbitMQ');
              return publisher;
            },
          }
        : {
            provide: MessagePublisher,
            useFactory: () => new InProcessPublisher(options.broker ?? new InProcessBroker(config.prefetch)),
          };
    return {
      module: RuntimeModule,
      imports: [DatabaseModule.forRoot(config, { migrate: options.migrate })],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        publisherProvider,
        PublisherLifecycle,
        { provide: RuntimeMetrics, useFactory: () => new RuntimeMetrics(config, options) },
        GracefulShutdown,
        HealthService,
      ],
      exports: [APP_CONFIG, MessagePublisher, DatabaseModule, GracefulShutdown, HealthService],
    };
  }
}
