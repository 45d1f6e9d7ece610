import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SourceType } from '@axiom/domain';
import { type Dialect, dialectOfSource } from '../data-source';
import { DicomwebSourceEntity, DimseQrSourceEntity } from '../entities/input-sources.entity';
import type { PollingSourceKind } from '@axiom/domain';
import { LedgerSql, readTime } from '../ledger/ledger-sql';

export interface PollingState {
  sourceKind: PollingSourceKind;
  sourceId: number;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  watermark: Date | null;
  nextRunAt: Date | null;
  pollRequestedAt: Date | null;
  consecutiveFailures: number;
}

/** The configuration row of each polled source kind. */
export interface PollingSourceRows {
  dicomweb: DicomwebSourceEntity;
  dimse_qr: DimseQrSourceEntity;
}

export interface SourceRef {
  kind: PollingSourceKind;
  id: number;
}

/** What one round found and queued, added to the source row's counters. */
export interface RoundCounts {
  studiesFound: number;
  studiesQueued: number;
  itemsFound: number;
  itemsQueued: number;
  instancesProcessed: number;
}

export interface RoundEnd {
  owner: string;
  nextRunAt: Date;
  /** Moves the cursor forward (never back); null keeps it. */
  watermark: Date | null;
  /** A poll-now request made before this instant is answered by this round. */
  startedAt: Date;
  failed: boolean;
}

/** The status columns of each source kind's row, as the contract names them. */
const STATUS = {
  dicomweb: {
    table: 'dicomweb_sources',
    success: 'last_successful_run',
    query: 'last_successful_run',
    retrieval: 'last_successful_run',
    errorAt: 'last_error_run',
    found: ['found_instance_count', 'itemsFound'],
    queued: ['queued_instance_count', 'itemsQueued'],
  },
  dimse_qr: {
    table: 'dimse_qr_sources',
    success: null,
    query: 'last_successful_query',
    retrieval: 'last_successful_move',
    errorAt: 'last_error_time',
    found: ['found_study_count', 'studiesFound'],
    queued: ['move_queued_study_count', 'studiesQueued'],
  },
} as const;

const STATE_COLUMNS =
  'source_kind, source_id, lease_owner, lease_expires_at, watermark, next_run_at, poll_requested_at, consecutive_failures';

/**
 * The polling framework's state, one owner for it: the lease of each source (one poller at a
 * time; an expired lease is taken over), its cursor and schedule, poll-now requests, the seen
 * studies and items, and the status columns of the source rows. Every change is explicit SQL
 * valid on PostgreSQL and SQLite.
 */
@Injectable()
export class PollingStateRepository {
  readonly dialect: Dialect;
  private readonly sql: LedgerSql;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.dialect = dialectOfSource(db);
    this.sql = new LedgerSql(this.dialect, db.manager);
  }

  /** Every configured row of a kind (the schedulers follow this table). */
  async sources<K extends PollingSourceKind>(kind: K): Promise<PollingSourceRows[K][]> {
    const entity = kind === 'dicomweb' ? DicomwebSourceEntity : DimseQrSourceEntity;
    return (await this.db
      .getRepository<PollingSourceRows[K]>(entity)
      .find({ order: { id: 'ASC' } as never })) as PollingSourceRows[K][];
  }

  async ensure(ref: SourceRef): Promise<void> {
    await this.sql.query(
      `INSERT INTO polling_states (source_kind, source_id, consecutive_failures) VALUES (?, ?, 0) ON CONFLICT (source_kind, source_id) DO NOTHING`,
      [ref.kind, ref.id],
    );
  }

  async states(kind: PollingSourceKind): Promise<PollingState[]> {
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT ${STATE_COLUMNS} FROM polling_states WHERE source_kind = ?`,
      [kind],
    );
    return rows.map(toState);
  }

  async state(ref: SourceRef): Promise<PollingState | null> {
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT ${STATE_COLUMNS} FROM polling_states WHERE source_kind = ? AND source_id = ?`,
      [ref.kind, ref.id],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  /** Takes (or renews) the lease unless another live holder has it; true when `owner` holds it now. */
  async acquireLease(ref: SourceRef, owner: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    const { affected } = await this.sql.query(
      `UPDATE polling_states SET lease_owner = ?, lease_expires_at = ?
        WHERE source_kind = ? AND source_id = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_expires_at IS NULL OR lease_expires_at < ?)`,
      [owner, this.sql.time(new Date(now.getTime() + ttlMs)), ref.kind, ref.id, owner, this.sql.time(now)],
    );
    return affected > 0;
  }

  /** Ends a round: releases the lease, sets the next run, the backoff, the cursor (forward only) and answers poll-now. */
  async finishRound(ref: SourceRef, end: RoundEnd): Promise<void> {
    const mark = end.watermark ? this.sql.time(end.watermark) : null;
    await this.sql.query(
      `UPDATE polling_states SET lease_owner = NULL, lease_expires_at = NULL, next_run_at = ?,
              consecutive_failures = ${end.failed ? 'consecutive_failures + 1' : '0'},
              ${mark === null ? '' : 'watermark = CASE WHEN watermark IS NULL OR watermark < ? THEN ? ELSE watermark END,'}
              poll_requested_at = CASE WHEN poll_requested_at IS NOT NULL AND poll_requested_at <= ? THEN NULL ELSE poll_requested_at END
        WHERE source_kind = ? AND source_id = ? AND lease_owner = ?`,
      [
        this.sql.time(end.nextRunAt),
        ...(mark === null ? [] : [mark, mark]),
        this.sql.time(end.startedAt),
        ref.kind,
        ref.id,
        end.owner,
      ],
    );
  }

  /** Lets go of a lease without a round (shutdown, the row changed). */
  async releaseLease(ref: SourceRef, owner: string): Promise<void> {
    await this.sql.query(
      `UPDATE polling_states SET lease_owner = NULL, lease_expires_at = NULL WHERE source_kind = ? AND source_id = ? AND lease_owner = ?`,
      [ref.kind, ref.id, owner],
    );
  }

  /** Poll-now: the source runs as soon as a poller sees the request (and no other round of it runs). */
  async requestPoll(ref: SourceRef): Promise<Date> {
    await this.ensure(ref);
    const now = new Date();
    await this.sql.query(`UPDATE polling_states SET poll_requested_at = ? WHERE source_kind = ? AND source_id = ?`, [
      this.sql.time(now),
      ref.kind,
      ref.id,
    ]);
    return now;
  }

  /** The recorded signatures of the given studies (or items), for those seen before. */
  async seen(ref: SourceRef, level: 'study' | 'item', keys: readonly string[]): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const { rows } = await this.sql.query<{ item_key: string; signature: string | null }>(
        `SELECT item_key, signature FROM polling_seen WHERE source_kind = ? AND source_id = ? AND level = ? AND item_key IN (${this.sql.list(chunk)})`,
        [ref.kind, ref.id, level, ...chunk],
      );
      for (const r of rows) out.set(r.item_key, r.signature);
    }
    return out;
  }

  async markSeen(ref: SourceRef, level: 'study' | 'item', key: string, signature: string | null): Promise<void> {
    await this.sql.query(
      `INSERT INTO polling_seen (source_kind, source_id, level, item_key, signature, seen_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_kind, source_id, level, item_key) DO UPDATE SET signature = excluded.signature, seen_at = excluded.seen_at`,
      [ref.kind, ref.id, level, key, signature, this.sql.time(new Date())],
    );
  }

  /**
   * The SOP Instance UIDs among `uids` that the ledger already holds from this source: what a
   * poller killed between the ingest and its seen record had queued already.
   */
  async alreadyIngested(source: { type: SourceType; name: string }, uids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < uids.length; i += 500) {
      const chunk = uids.slice(i, i + 500);
      const { rows } = await this.sql.query<{ sop_instance_uid: string }>(
        `SELECT sop_instance_uid FROM instances WHERE source_type = ? AND source_name = ? AND sop_instance_uid IN (${this.sql.list(chunk)})`,
        [source.type, source.name, ...chunk],
      );
      for (const r of rows) out.add(r.sop_instance_uid);
    }
    return out;
  }

  /** Adds a round's counts to the source row and stamps its successes (query done, something retrieved, the round clean). */
  async recordProgress(
    ref: SourceRef,
    counts: RoundCounts,
    success: { query: boolean; retrieval: boolean; run: boolean },
  ): Promise<void> {
    const s = STATUS[ref.kind];
    const now = this.sql.time(new Date());
    const stamps = new Set<string>();
    if (success.query) stamps.add(s.query);
    if (success.retrieval) stamps.add(s.retrieval);
    if (success.run && s.success) stamps.add(s.success);
    const sets = [...stamps].map((c) => `${c} = ?`);
    await this.sql.query(
      `UPDATE ${s.table} SET ${s.found[0]} = ${s.found[0]} + ?, ${s.queued[0]} = ${s.queued[0]} + ?, processed_instance_count = processed_instance_count + ?
       ${sets.length > 0 ? `, ${sets.join(', ')}` : ''} WHERE id = ?`,
      [counts[s.found[1]], counts[s.queued[1]], counts.instancesProcessed, ...sets.map(() => now), ref.id],
    );
  }

  async recordError(ref: SourceRef, message: string): Promise<void> {
    const s = STATUS[ref.kind];
    await this.sql.query(`UPDATE ${s.table} SET ${s.errorAt} = ?, last_error_message = ? WHERE id = ?`, [
      this.sql.time(new Date()),
      message.slice(0, 2000),
      ref.id,
    ]);
  }

  /** DICOMweb rows show the cursor as last_processed_timestamp. */
  async recordWatermark(ref: SourceRef, watermark: Date): Promise<void> {
    if (ref.kind !== 'dicomweb') return;
    await this.sql.query(`UPDATE dicomweb_sources SET last_processed_timestamp = ? WHERE id = ?`, [
      this.sql.time(watermark),
      ref.id,
    ]);
  }

  /** A deleted source's state and seen records. */
  async forget(ref: SourceRef): Promise<void> {
    await this.sql.query(`DELETE FROM polling_seen WHERE source_kind = ? AND source_id = ?`, [ref.kind, ref.id]);
    await this.sql.query(`DELETE FROM polling_states WHERE source_kind = ? AND source_id = ?`, [ref.kind, ref.id]);
  }
}

function toState(r: Record<string, unknown>): PollingState {
  return {
    sourceKind: r['source_kind'] as PollingSourceKind,
    sourceId: Number(r['source_id']),
    leaseOwner: (r['lease_owner'] as string | null) ?? null,
    leaseExpiresAt: readTime(r['lease_expires_at']),
    watermark: readTime(r['watermark']),
    nextRunAt: readTime(r['next_run_at']),
    pollRequestedAt: readTime(r['poll_requested_at']),
    consecutiveFailures: Number(r['consecutive_failures']),
  };
}
