import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { DeliveryStatus, InstanceState, SourceType } from '@axiom/domain';
import { DestinationEntity } from './storage-backend.entity';
import { Timestamped } from './timestamps';

/** The ledger: one row per received instance, written before the sender is answered. */
@Entity('instances')
export class InstanceEntity extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32 })
  sourceType: SourceType;

  @Column({ type: 'varchar', length: 100 })
  sourceName: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  callingAeTitle: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  calledAeTitle: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  peerAddress: string | null;

  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  studyInstanceUid: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  seriesInstanceUid: string | null;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  sopInstanceUid: string;

  @Column({ type: 'varchar', length: 64 })
  sopClassUid: string;

  /** Patient and accession as received (first value, trimmed), for searching the ledger; null when absent. */
  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  patientId: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  patientName: string | null;

  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  accessionNumber: string | null;

  @Column({ type: 'varchar', length: 64 })
  transferSyntaxUid: string;

  @Column({ type: 'varchar', length: 1024 })
  spoolPath: string;

  @Column({ type: 'integer' })
  sizeBytes: number;

  @Column({ type: Date })
  receivedAt: Date;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  state: InstanceState;

  @Column({ type: Date, nullable: true })
  routedAt: Date | null;

  @Column({ type: Date, nullable: true })
  completedAt: Date | null;

  /** What matched: [{ruleset_id, rule_id, destination_ids}], written when routed. */
  @Column({ type: 'simple-json', nullable: true })
  matchedRules: unknown[] | null;

  /** What changed, per output: [{output_key, changes, warnings}]. */
  @Column({ type: 'simple-json', nullable: true })
  morphing: unknown[] | null;

  @Column({ type: 'text', nullable: true })
  errorMessage: string | null;

  /**
   * Routing attempts begun, counted before the work starts so that an attempt that kills the
   * process counts too; past the limit the instance is quarantined instead of crash-looping.
   */
  @Column({ type: 'integer', default: 0 })
  routingAttempts: number;

  /** File offset of the data set (past the file meta), recorded at ingest so later stages need not parse for it. */
  @Column({ type: 'integer', nullable: true })
  datasetOffset: number | null;

  @OneToMany(() => DeliveryEntity, (d) => d.instance)
  deliveries: DeliveryEntity[];
}

/** One row per (instance, destination, output): the unit that is sent, retried and dead-lettered. */
@Entity('deliveries')
@Unique('uq_delivery_instance_destination_output', ['instanceId', 'storageBackendId', 'outputKey'])
export class DeliveryEntity extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  instanceId: number;

  @ManyToOne(() => InstanceEntity, (i) => i.deliveries, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'instance_id' })
  instance: InstanceEntity;

  @Column({ type: 'integer' })
  storageBackendId: number;

  @ManyToOne(() => DestinationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'storage_backend_id' })
  storageBackend: DestinationEntity;

  @Column({ type: 'integer', nullable: true })
  ruleId: number | null;

  /** Hash of the modifications that produced the output ('' = the received bytes). */
  @Column({ type: 'varchar', length: 64 })
  outputKey: string;

  @Column({ type: 'varchar', length: 1024 })
  outputPath: string;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** Why the last attempt failed, as a class (DeliveryErrorClass); null after a success. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  errorClass: string | null;

  @Column({ type: Date, nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: Date, nullable: true })
  deliveredAt: Date | null;

  /** The adapter's own account of a success (where the file went, the peer's status, a transcoding). */
  @Column({ type: 'text', nullable: true })
  detail: string | null;

  /**
   * The claim (status `sending`): who holds it and since when. Only the holder of a live claim
   * records an outcome; a claim not renewed within the lease is released by the sweeper.
   */
  @Column({ type: 'varchar', length: 96, nullable: true })
  claimOwner: string | null;

  @Column({ type: Date, nullable: true })
  claimedAt: Date | null;

  /** The output's own facts, written at routing time (a morphed output may carry new UIDs). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  outputStudyInstanceUid: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  outputSeriesInstanceUid: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  outputSopInstanceUid: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  outputSopClassUid: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  outputTransferSyntaxUid: string | null;

  @Column({ type: 'integer', nullable: true })
  outputDatasetOffset: number | null;

  /**
   * A morphed output kept in the row: its new start (preamble, meta, morphed header; base64),
   * followed by `outputPath` (the received file) from `outputSourceOffset` on. Null: the output
   * is the whole file at `outputPath`. Not loaded unless asked for.
   */
  @Column({ type: 'text', nullable: true, select: false })
  outputHead: string | null;

  @Column({ type: 'integer', nullable: true })
  outputSourceOffset: number | null;
}
