import { Injectable } from '@nestjs/common';
import { byRunOrder, type RuleDefinition, type RulesetDefinition } from '@axiom/domain';
import { RoutingConfigStore, RuleEntity, RulesetEntity } from '@axiom/persistence';

const CACHE_MS = 1000;

/**
 * A rule as the engine sees it. The router keeps the disabled destinations (their deliveries are
 * recorded and held until the destination is enabled again); dry runs show the enabled ones.
 */
export function toRuleDefinition(r: RuleEntity, options: { withDisabledDestinations?: boolean } = {}): RuleDefinition {
  return {
    id: r.id,
    name: r.name,
    isActive: r.isActive,
    priority: r.priority,
    matchCriteria: r.matchCriteria ?? [],
    associationCriteria: r.associationCriteria ?? [],
    tagModifications: r.tagModifications ?? [],
    applicableSources: r.applicableSources ?? null,
    destinationIds: (r.destinations ?? [])
      .filter((d) => d.isEnabled || options.withDisabledDestinations === true)
      .map((d) => d.id),
  };
}

export function toRulesetDefinition(
  rs: RulesetEntity,
  options: { withDisabledDestinations?: boolean } = {},
): RulesetDefinition {
  return {
    id: rs.id,
    name: rs.name,
    isActive: rs.isActive,
    priority: rs.priority,
    executionMode: rs.executionMode,
    rules: (rs.rules ?? []).map((r) => toRuleDefinition(r, options)).sort(byRunOrder),
  };
}

/**
 * Active rulesets as the engine sees them, cached for a second so that a burst of instances
 * costs one query while a configuration change still takes effect at once for a person.
 */
@Injectable()
export class RulesetLoaderService {
  private readonly caches = new Map<boolean, { at: number; value: Promise<RulesetDefinition[]> }>();

  constructor(private readonly rulesets: RoutingConfigStore) {}

  /** Active rulesets with the enabled destinations of each rule (what the dry runs show). */
  loadActive(): Promise<RulesetDefinition[]> {
    return this.cached(false);
  }

  /** Active rulesets with every destination of each rule, disabled (paused) ones included. */
  loadActiveForRouting(): Promise<RulesetDefinition[]> {
    return this.cached(true);
  }

  private cached(withDisabledDestinations: boolean): Promise<RulesetDefinition[]> {
    const now = Date.now();
    const hit = this.caches.get(withDisabledDestinations);
    if (hit && now - hit.at <= CACHE_MS) return hit.value;
    const value = this.rulesets
      .activeRulesets()
      .then((rows) => rows.map((rs) => toRulesetDefinition(rs, { withDisabledDestinations })));
    value.catch(() => {
      this.caches.delete(withDisabledDestinations);
    });
    this.caches.set(withDisabledDestinations, { at: now, value });
    return value;
  }

  async loadOne(id: number): Promise<RulesetDefinition | null> {
    const row = await this.rulesets.ruleset(id);
    return row ? toRulesetDefinition(row) : null;
  }
}
