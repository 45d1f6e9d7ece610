import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { RuleDefinition, RulesetDefinition } from '@axiom/domain';
import { RuleEntity, RulesetEntity } from '@axiom/persistence';

const CACHE_MS = 1000;

export function toRuleDefinition(r: RuleEntity): RuleDefinition {
  return {
    id: r.id,
    name: r.name,
    isActive: r.isActive,
    priority: r.priority,
    matchCriteria: r.matchCriteria ?? [],
    associationCriteria: r.associationCriteria ?? [],
    tagModifications: r.tagModifications ?? [],
    applicableSources: r.applicableSources ?? null,
    destinationIds: (r.destinations ?? []).filter((d) => d.isEnabled).map((d) => d.id),
  };
}

export function toRulesetDefinition(rs: RulesetEntity): RulesetDefinition {
  return {
    id: rs.id,
    name: rs.name,
    isActive: rs.isActive,
    priority: rs.priority,
    executionMode: rs.executionMode,
    rules: (rs.rules ?? []).map(toRuleDefinition).sort((a, b) => a.priority - b.priority || a.id - b.id),
  };
}

/**
 * Active rulesets as the engine sees them, cached for a second so that a burst of instances
 * costs one query while a configuration change still takes effect at once for a person.
 */
@Injectable()
export class RulesetLoaderService {
  private cache: { at: number; value: Promise<RulesetDefinition[]> } | null = null;

  constructor(@InjectRepository(RulesetEntity) private readonly rulesets: Repository<RulesetEntity>) {}

  loadActive(): Promise<RulesetDefinition[]> {
    const now = Date.now();
    if (!this.cache || now - this.cache.at > CACHE_MS) {
      const value = this.rulesets
        .find({ where: { isActive: true }, relations: { rules: { destinations: true } }, order: { priority: 'ASC', id: 'ASC' } })
        .then((rows) => rows.map(toRulesetDefinition));
      value.catch(() => { this.cache = null; });
      this.cache = { at: now, value };
    }
    return this.cache.value;
  }

  async loadOne(id: number): Promise<RulesetDefinition | null> {
    const row = await this.rulesets.findOne({ where: { id }, relations: { rules: { destinations: true } } });
    return row ? toRulesetDefinition(row) : null;
  }
}
