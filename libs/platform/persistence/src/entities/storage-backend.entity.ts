import { Column, Entity } from 'typeorm';
import type { DestinationType } from '@axiom/domain';
import { NamedConfig } from './timestamps';

/** A destination. Type-specific settings live in `config`; credentials only in `secrets`. */
@Entity('storage_backends')
export class DestinationEntity extends NamedConfig {
  @Column({ type: 'boolean', default: true })
  isEnabled: boolean;

  @Column({ type: 'varchar', length: 32 })
  backendType: DestinationType;

  @Column({ type: 'simple-json' })
  config: Record<string, unknown>;

  /** Encrypted credentials (write-only through the API). */
  @Column({ type: 'text', nullable: true })
  secrets: string | null;

  /** This destination's own retry schedule; null = DELIVERY_MAX_ATTEMPTS / DELIVERY_BACKOFF_*. */
  @Column({ type: 'simple-json', nullable: true })
  retryPolicy: RetryPolicy | null;
}

/** A retry schedule: exponential waits from backoffBaseMs, capped at backoffMaxMs, for maxAttempts attempts. */
export interface RetryPolicy {
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}
