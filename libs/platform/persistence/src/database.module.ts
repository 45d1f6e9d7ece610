import { DynamicModule, Injectable, Module } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DatabaseSettings, dataSourceOptions } from './data-source';

/** Whether the app's database answers, for the health checks (one round trip). */
@Injectable()
export class DatabaseProbe {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Resolves when the database answers a query; throws otherwise. */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}

/**
 * The process's one database connection (PostgreSQL, or the embedded SQLite file), with the
 * DatabaseProbe. `migrate`: apply pending migrations when the connection opens, each in its
 * own transaction (the api and the standalone app do).
 */
@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseSettings, options: { migrate?: boolean } = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          // a factory, so that the SQLite file is made (with its private mode) only when the app starts
          useFactory: () => ({
            ...dataSourceOptions(settings),
            migrationsRun: options.migrate ?? false,
            migrationsTransactionMode: 'each' as const,
          }),
        }),
      ],
      providers: [DatabaseProbe],
      exports: [TypeOrmModule, DatabaseProbe],
    };
  }
}
