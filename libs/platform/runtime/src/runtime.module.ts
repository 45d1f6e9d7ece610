import { DynamicModule, Global, Logger, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InProcessBroker, InProcessPublisher, MessagePublisher, RmqPublisher, ensureDeadLetterTopology } from '@axiom/messaging';
import { dataSourceOptions } from '@axiom/persistence';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';

export interface RuntimeOptions {
  /** The embedded mode's broker, shared with the in-process server of the same process. */
  broker?: InProcessBroker;
  /** Apply pending migrations when the connection opens (api and standalone do). */
  migrate?: boolean;
}

class PublisherLifecycle implements OnApplicationShutdown {
  constructor(@Inject(MessagePublisher) private readonly publisher: MessagePublisher) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.publisher instanceof RmqPublisher) await this.publisher.close();
  }
}

/**
 * What every app needs from the platform: the validated configuration, the database connection
 * (PostgreSQL or the embedded SQLite file) and the message publisher (RabbitMQ or in-process).
 */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(config: AppConfig, options: RuntimeOptions = {}): DynamicModule {
    const publisherProvider = config.rabbitmqUrl
      ? {
        provide: MessagePublisher,
        useFactory: async () => {
          const url = config.rabbitmqUrl as string;
          await ensureDeadLetterTopology(url);
          const publisher = new RmqPublisher(url, config.publishTimeoutMs);
          await publisher.connect();
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
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(config), migrationsRun: options.migrate ?? false, migrationsTransactionMode: 'each' as const }),
        }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }, publisherProvider, PublisherLifecycle],
      exports: [APP_CONFIG, MessagePublisher, TypeOrmModule],
    };
  }
}
