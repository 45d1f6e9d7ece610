import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BreakerState } from '@axiom/domain';

/**
 * The circuit breaker of one storage backend, shared by every sender process: consecutive
 * connection failures or timeouts, and while open, when the next probe may go. No row = closed.
 */
@Entity('storage_backend_breakers')
export class DestinationBreakerEntity {
  @PrimaryColumn({ type: 'integer' })
  storageBackendId: number;

  @Column({ type: 'varchar', length: 16 })
  state: BreakerState;

  @Column({ type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ type: Date, nullable: true })
  openedAt: Date | null;

  /** Open: the earliest time of the next probe; half-open: when a probe that did not report is given up. */
  @Column({ type: Date, nullable: true })
  nextProbeAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: Date })
  updatedAt: Date;
}
