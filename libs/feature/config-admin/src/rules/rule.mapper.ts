import type { RuleDto, RulesetDto, StorageBackendDto } from '@axiom/contracts';
import { byRunOrder } from '@axiom/domain';
import type { RuleEntity, RulesetEntity, DestinationEntity } from '@axiom/persistence';
import { isoRequired } from '../common/wire';

export type PresentBackend = (row: DestinationEntity) => StorageBackendDto;

export function toRuleDto(row: RuleEntity, present: PresentBackend): RuleDto {
  return {
    id: row.id,
    ruleset_id: row.rulesetId,
    name: row.name,
    description: row.description,
    is_active: row.isActive,
    priority: row.priority,
    match_criteria: row.matchCriteria,
    association_criteria: row.associationCriteria,
    tag_modifications: row.tagModifications,
    applicable_sources: row.applicableSources,
    destinations: [...(row.destinations ?? [])].sort((a, b) => a.id - b.id).map(present),
    created_at: isoRequired(row.createdAt),
    updated_at: isoRequired(row.updatedAt),
  };
}

export function toRulesetDto(row: RulesetEntity, present: PresentBackend): RulesetDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    is_active: row.isActive,
    priority: row.priority,
    execution_mode: row.executionMode,
    rules: [...(row.rules ?? [])].sort(byRunOrder).map((r) => toRuleDto(r, present)),
    created_at: isoRequired(row.createdAt),
    updated_at: isoRequired(row.updatedAt),
  };
}
