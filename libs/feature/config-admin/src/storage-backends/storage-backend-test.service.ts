import { Injectable } from '@nestjs/common';
import { SecretBox } from '@axiom/secrets';
import type { StorageBackendTestResultDto } from '@axiom/contracts';
import { DestinationRegistry } from '@axiom/destinations';
import { DestinationConfigStore } from '@axiom/persistence';
import { openSecrets } from '../common/sealed-secrets';
import { findOr404 } from '../common/unique-name';

/**
 * Checks a storage backend's reachability and credentials with the same adapter the deliveries
 * use (C-ECHO, a QIDO-RS search, a bucket metadata read, a write to the folder), sending nothing.
 */
@Injectable()
export class DestinationTestService {
  constructor(
    private readonly backends: DestinationConfigStore,
    private readonly registry: DestinationRegistry,
    private readonly box: SecretBox,
  ) {}

  async test(id: number): Promise<StorageBackendTestResultDto> {
    const row = await findOr404(this.backends, 'storage backend', id);
    const adapter = this.registry.get(row.backendType);
    if (!adapter.probe)
      return { ok: false, step: 'config', message: `storage backend type ${row.backendType} has no test` };
    let credentials: Record<string, unknown>;
    try {
      credentials = openSecrets(this.box, row.secrets);
    } catch (err) {
      return {
        ok: false,
        step: 'credentials',
        message: `the stored credentials cannot be decrypted (was AXIOM_ENCRYPTION_KEY changed?): ${(err as Error).message}`,
      };
    }
    const result = await adapter.probe({
      id: row.id,
      name: row.name,
      backendType: row.backendType,
      config: row.config,
      credentials,
    });
    return { ok: result.ok, step: result.step, message: result.message };
  }
}
