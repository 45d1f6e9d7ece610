import { Column, Entity } from 'typeorm';
import type { AuthType, QueryLevel, RetrieveMethod } from '@axiom/domain';
import { NamedConfig } from './timestamps';

@Entity('dimse_listeners')
export class DimseListenerEntity extends NamedConfig {
  @Column({ type: 'varchar', length: 16 })
  aeTitle: string;

  @Column({ type: 'integer' })
  port: number;

  @Column({ type: 'boolean', default: true })
  isEnabled: boolean;

  @Column({ type: 'varchar', length: 100, default: 'default' })
  instanceId: string;

  @Column({ type: 'boolean', default: false })
  tlsEnabled: boolean;
}

@Entity('dicomweb_sources')
export class DicomwebSourceEntity extends NamedConfig {
  @Column({ type: 'varchar', length: 500 })
  baseUrl: string;

  @Column({ type: 'varchar', length: 100, default: 'qido-rs' })
  qidoPrefix: string;

  @Column({ type: 'varchar', length: 100, default: 'wado-rs' })
  wadoPrefix: string;

  @Column({ type: 'integer', default: 300 })
  pollingIntervalSeconds: number;

  @Column({ type: 'boolean', default: true })
  isEnabled: boolean;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'varchar', length: 16, default: 'none' })
  authType: AuthType;

  /** Encrypted auth_config (write-only through the API). */
  @Column({ type: 'text', nullable: true })
  secrets: string | null;

  @Column({ type: 'simple-json', nullable: true })
  searchFilters: Record<string, string> | null;

  @Column({ type: Date, nullable: true })
  lastProcessedTimestamp: Date | null;

  @Column({ type: Date, nullable: true })
  lastSuccessfulRun: Date | null;

  @Column({ type: Date, nullable: true })
  lastErrorRun: Date | null;

  @Column({ type: 'text', nullable: true })
  lastErrorMessage: string | null;

  @Column({ type: 'integer', default: 0 })
  foundInstanceCount: number;

  @Column({ type: 'integer', default: 0 })
  queuedInstanceCount: number;

  @Column({ type: 'integer', default: 0 })
  processedInstanceCount: number;

  /** Retrievals in flight at once from this source (politeness). */
  @Column({ type: 'integer', default: 2 })
  maxConcurrentRetrievals: number;
}

@Entity('dimse_qr_sources')
export class DimseQrSourceEntity extends NamedConfig {
  @Column({ type: 'varchar', length: 16 })
  remoteAeTitle: string;

  @Column({ type: 'varchar', length: 255 })
  remoteHost: string;

  @Column({ type: 'integer' })
  remotePort: number;

  @Column({ type: 'varchar', length: 16, default: 'AXIOM_QR_SCU' })
  localAeTitle: string;

  @Column({ type: 'integer', default: 300 })
  pollingIntervalSeconds: number;

  @Column({ type: 'boolean', default: true })
  isEnabled: boolean;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'varchar', length: 16, default: 'STUDY' })
  queryLevel: QueryLevel;

  @Column({ type: 'simple-json', nullable: true })
  queryFilters: Record<string, string> | null;

  @Column({ type: 'varchar', length: 16 })
  moveDestinationAeTitle: string;

  /** C-MOVE (to moveDestinationAeTitle) or C-GET (on the query's own association). */
  @Column({ type: 'varchar', length: 8, default: 'C-MOVE' })
  retrieveMethod: RetrieveMethod;

  @Column({ type: Date, nullable: true })
  lastSuccessfulQuery: Date | null;

  @Column({ type: Date, nullable: true })
  lastSuccessfulMove: Date | null;

  @Column({ type: Date, nullable: true })
  lastErrorTime: Date | null;

  @Column({ type: 'text', nullable: true })
  lastErrorMessage: string | null;

  @Column({ type: 'integer', default: 0 })
  foundStudyCount: number;

  @Column({ type: 'integer', default: 0 })
  moveQueuedStudyCount: number;

  @Column({ type: 'integer', default: 0 })
  processedInstanceCount: number;

  /** Retrievals in flight at once from this source (politeness). */
  @Column({ type: 'integer', default: 2 })
  maxConcurrentRetrievals: number;
}
