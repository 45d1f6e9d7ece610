import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { KEY_MATERIAL, KeyMaterial, loadKeyMaterial } from './key-material';
import { SecretBox } from './secret-box';

/**
 * The key material and the SecretBox that seals and opens credentials at rest. Global, so any
 * process that stores or uses credentials (api, router worker, poller) imports it once. Needs APP_CONFIG.
 */
@Global()
@Module({
  providers: [
    { provide: KEY_MATERIAL, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadKeyMaterial(config) },
    {
      provide: SecretBox,
      inject: [KEY_MATERIAL],
      useFactory: (keys: KeyMaterial) => new SecretBox(keys.encryptionKey),
    },
  ],
  exports: [KEY_MATERIAL, SecretBox],
})
export class SecretsModule {}
