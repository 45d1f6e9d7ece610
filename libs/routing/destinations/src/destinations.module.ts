import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { DestinationRegistry } from './destination-registry';

/** Closes the adapters' connections and pools when the app stops. */
@Injectable()
class DestinationRegistryCloser implements OnApplicationShutdown {
  constructor(@Inject(DestinationRegistry) private readonly registry: DestinationRegistry) {}

  async onApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }
}

export function destinationRegistryFromConfig(config: AppConfig): DestinationRegistry {
  return new DestinationRegistry({
    cstore: { ...config.cstore, tls: config.dimseTls },
    files: config.files,
    stow: config.stow,
    googleHealthcare: { baseUrl: config.googleHealthcareBaseUrl },
  });
}

/**
 * The destination adapters as one DestinationRegistry per process, for the deliveries and for the
 * storage backend test route. Needs APP_CONFIG.
 */
@Module({
  providers: [
    { provide: DestinationRegistry, inject: [APP_CONFIG], useFactory: destinationRegistryFromConfig },
    DestinationRegistryCloser,
  ],
  exports: [DestinationRegistry],
})
export class DestinationsModule {}
