import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { DestinationType } from '@axiom/domain';
import { dialectOfSource } from '../data-source';
import { RulesetEntity } from '../entities/ruleset.entity';
import { DestinationEntity } from '../entities/storage-backend.entity';
import { findHydratedById } from '../ledger/ledger-hydrate';
import { LedgerSql } from '../ledger/ledger-sql';

/**
 * The configuration the router reads (never writes): rulesets with their rules and the rules'
 * destinations, and the storage backends the deliveries go to.
 */
@Injectable()
export class RoutingConfigStore {
  private readonly rulesets: Repository<RulesetEntity>;
  private readonly backends: Repository<DestinationEntity>;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.rulesets = db.getRepository(RulesetEntity);
    this.backends = db.getRepository(DestinationEntity);
  }

  /** The active rulesets, each with its rules and their destinations, by priority then id. */
  activeRulesets(): Promise<RulesetEntity[]> {
    return this.rulesets.find({
      where: { isActive: true },
      relations: { rules: { destinations: true } },
      order: { priority: 'ASC', id: 'ASC' },
    });
  }

  /** One ruleset, active or not, with its rules and their destinations; null when there is none. */
  ruleset(id: number): Promise<RulesetEntity | null> {
    return this.rulesets.findOne({ where: { id }, relations: { rules: { destinations: true } } });
  }

  /**
   * One storage backend as it is now (a prepared read by id, no query builder: cheap enough for
   * every delivery, so an edit applies to the next send, in any process); null when there is none.
   */
  backend(id: number): Promise<DestinationEntity | null> {
    const sql = new LedgerSql(dialectOfSource(this.db), this.db.manager);
    return findHydratedById(this.db, sql, DestinationEntity, 'storage_backends', id);
  }

  /** The storage backends of one type, enabled or not. */
  backendsOfType(type: DestinationType): Promise<DestinationEntity[]> {
    return this.backends.find({ where: { backendType: type } });
  }

  /** The ids of the disabled (paused) storage backends. */
  async disabledBackendIds(): Promise<number[]> {
    const rows = await this.backends.find({ where: { isEnabled: false }, select: { id: true } });
    return rows.map((r) => r.id);
  }
}
