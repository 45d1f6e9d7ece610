import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PollingSourceKind } from '@axiom/domain';

/**
 * The polling state of one source row: who polls it now (a lease with an expiry, taken over
 * when its holder dies), its cursor (the watermark of change times durably queued), when it runs
 * next, a pending poll-now request and the backoff after errors.
 */
@Entity('polling_states')
export class PollingStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  sourceKind: PollingSourceKind;

  @PrimaryColumn({ type: 'integer' })
  sourceId: number;

  @Column({ type: 'varchar', length: 96, nullable: true })
  leaseOwner: string | null;

  @Column({ type: Date, nullable: true })
  leaseExpiresAt: Date | null;

  @Column({ type: Date, nullable: true })
  watermark: Date | null;

  @Column({ type: Date, nullable: true })
  nextRunAt: Date | null;

  @Column({ type: Date, nullable: true })
  pollRequestedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  consecutiveFailures: number;
}

/**
 * What a source has already delivered to us: a study with the signature it had when all of it
 * was queued (level `study`), or a retrieved item (level `item`: a SOP Instance UID, or a series).
 */
@Entity('polling_seen')
export class PollingSeenEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  sourceKind: PollingSourceKind;

  @PrimaryColumn({ type: 'integer' })
  sourceId: number;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  level: 'study' | 'item';

  @PrimaryColumn({ type: 'varchar', length: 128 })
  itemKey: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  signature: string | null;

  @Column({ type: Date })
  seenAt: Date;
}
