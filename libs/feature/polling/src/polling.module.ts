import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { IngestModule } from '@axiom/feature-ingest';
import { PollingPersistenceModule } from '@axiom/persistence';
import { SOURCE_DRIVERS, SourceDriver } from './source-driver';
import { PollingScheduler } from './polling-scheduler.service';

export interface PollingModuleOptions {
  /** The driver classes, one per source kind (e.g. DicomwebSourceDriver). */
  drivers: Type<SourceDriver>[];
  /** Modules the drivers need. */
  imports?: ModuleMetadata['imports'];
}

/**
 * The source schedulers (apps/poller, and apps/standalone in the embedded mode). Needs APP_CONFIG,
 * the database, the transport and SecretBox (SecretsModule) from the app.
 */
@Module({})
export class PollingModule {
  static forRoot(options: PollingModuleOptions): DynamicModule {
    return {
      module: PollingModule,
      imports: [IngestModule, PollingPersistenceModule, ...(options.imports ?? [])],
      providers: [
        ...options.drivers,
        { provide: SOURCE_DRIVERS, inject: options.drivers, useFactory: (...drivers: SourceDriver[]) => drivers },
        PollingScheduler,
      ],
      exports: [PollingScheduler],
    };
  }
}
