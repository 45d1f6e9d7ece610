import { Column, Entity } from 'typeorm';
import type { StorageBackendType } from '@axiom/domain';
import { NamedConfig } from './timestamps';

/** A destination. Type-specific settings live in `config`; credentials only in `secrets`. */
@Entity('storage_backends')
export class StorageBackendEntity extends NamedConfig {

  @Column({ type: 'boolean', default: true })
  isEnabled: boolean;

  @Column({ type: 'varchar', length: 32 })
  backendType: StorageBackendType;

  @Column({ type: 'simple-json' })
  config: Record<string, unknown>;

  /** Encrypted credentials (write-only through the API). */
  @Column({ type: 'text', nullable: true })
  secrets: string | null;
}
