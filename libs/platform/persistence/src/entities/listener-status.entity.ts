import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last state a dimse-listener process reported for one listener row (every few seconds), so
 * that the API of the distributed mode can show it. A stale report means the process is gone.
 */
@Entity('listener_status')
export class ListenerStatusEntity {
  @PrimaryColumn({ type: 'integer' })
  listenerId: number;

  @Column({ type: 'varchar', length: 100 })
  instanceId: string;

  @Column({ type: 'varchar', length: 16 })
  state: 'listening' | 'error' | 'stopped';

  @Column({ type: 'integer', default: 0 })
  associations: number;

  @Column({ type: 'integer', default: 0 })
  stored: number;

  @Column({ type: 'integer', default: 0 })
  failed: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  lastErrorAt: string | null;

  @Column({ type: Date })
  reportedAt: Date;
}
