import { Injectable } from '@nestjs/common';
import type { Identity } from '@axiom/auth';
import type { CreateRuleDto, FieldError, RuleDto, SavedRuleDto, UpdateRuleDto } from '@axiom/contracts';
import { byRunOrder } from '@axiom/domain';
import {
  DestinationConfigStore,
  RuleConfigStore,
  RulesetConfigStore,
  type RuleEntity,
  type DestinationEntity,
} from '@axiom/persistence';
import { validateRuleInput } from '@axiom/rule-engine';
import { RequestException } from '@axiom/platform-http';
import { AuditService } from '../audit/audit.service';
import { KnownSources } from '../common/known-sources';
import { findOr404 } from '../common/unique-name';
import { StorageBackendsService } from '../storage-backends/storage-backends.service';
import { toRuleDto } from './rule.mapper';

const KIND = 'rule';

@Injectable()
export class RulesService {
  constructor(
    private readonly rules: RuleConfigStore,
    private readonly rulesets: RulesetConfigStore,
    private readonly backendRows: DestinationConfigStore,
    private readonly backends: StorageBackendsService,
    private readonly audit: AuditService,
    private readonly sources: KnownSources,
  ) {}

  async list(rulesetId?: number): Promise<RuleDto[]> {
    const rows = await this.rules.list(rulesetId);
    return rows.sort((a, b) => a.rulesetId - b.rulesetId || byRunOrder(a, b)).map((r) => this.toDto(r));
  }

  async get(id: number): Promise<RuleDto> {
    return this.toDto(await this.load(id));
  }

  async create(dto: CreateRuleDto, actor: Identity): Promise<SavedRuleDto> {
    const destinations = await this.check(dto, dto.ruleset_id, dto.name, undefined);
    const row = await this.rules.insert({
      rulesetId: dto.ruleset_id,
      name: dto.name,
      description: dto.description ?? null,
      isActive: dto.is_active ?? true,
      priority: dto.priority ?? 100,
      matchCriteria: dto.match_criteria ?? [],
      associationCriteria: dto.association_criteria ?? [],
      tagModifications: dto.tag_modifications ?? [],
      applicableSources: (dto.applicable_sources ?? null) as string[] | null,
      destinations: destinations ?? [],
    });
    const after = await this.get(row.id);
    await this.audit.record({ actor, action: 'create', entityType: 'rule', entityId: row.id, after });
    return { ...after, warnings: await this.sources.warningsFor(after.applicable_sources) };
  }

  async update(id: number, dto: UpdateRuleDto, actor: Identity): Promise<SavedRuleDto> {
    const row = await this.load(id);
    const before = this.toDto(row);
    const destinations = await this.check(dto, dto.ruleset_id ?? row.rulesetId, dto.name ?? row.name, id);
    Object.assign(row, {
      rulesetId: dto.ruleset_id ?? row.rulesetId,
      name: dto.name ?? row.name,
      description: dto.description === undefined ? row.description : dto.description,
      isActive: dto.is_active ?? row.isActive,
      priority: dto.priority ?? row.priority,
      matchCriteria: dto.match_criteria ?? row.matchCriteria,
      associationCriteria: dto.association_criteria ?? row.associationCriteria,
      tagModifications: dto.tag_modifications ?? row.tagModifications,
      applicableSources: dto.applicable_sources === undefined ? row.applicableSources : dto.applicable_sources,
      destinations: destinations ?? row.destinations,
    });
    delete (row as Partial<RuleEntity>).ruleset;
    await this.rules.save(row);
    const after = await this.get(id);
    await this.audit.record({ actor, action: 'update', entityType: 'rule', entityId: id, before, after });
    return { ...after, warnings: await this.sources.warningsFor(after.applicable_sources) };
  }

  async remove(id: number, actor: Identity): Promise<void> {
    const before = this.toDto(await this.load(id));
    await this.rules.delete(id);
    await this.audit.record({ actor, action: 'delete', entityType: 'rule', entityId: id, before });
  }

  /** Validates the body (rule engine, ruleset, destinations, name); returns the destinations to set. */
  private async check(
    dto: UpdateRuleDto,
    rulesetId: number,
    name: string,
    exceptId: number | undefined,
  ): Promise<DestinationEntity[] | undefined> {
    const errors: FieldError[] = validateRuleInput({
      match_criteria: dto.match_criteria ?? [],
      association_criteria: dto.association_criteria ?? [],
      tag_modifications: dto.tag_modifications ?? [],
      applicable_sources: dto.applicable_sources,
    }).map((i) => ({ path: i.path, message: i.message }));
    if (!(await this.rulesets.exists(rulesetId)))
      errors.push({ path: 'ruleset_id', message: `ruleset ${rulesetId} does not exist` });
    let destinations: DestinationEntity[] | undefined;
    if (dto.destination_ids !== undefined) {
      destinations = await this.backendRows.findByIds(dto.destination_ids);
      dto.destination_ids.forEach((d, i) => {
        if (!destinations?.some((b) => b.id === d))
          errors.push({ path: `destination_ids[${i}]`, message: `storage backend ${d} does not exist` });
      });
    }
    if (errors.length > 0) throw RequestException.invalid(errors);
    if (await this.rules.nameTaken({ rulesetId, name, exceptId }))
      throw RequestException.nameTaken('rule in this ruleset', name);
    return destinations;
  }

  private async load(id: number): Promise<RuleEntity> {
    return findOr404(this.rules, KIND, id);
  }

  private toDto(row: RuleEntity): RuleDto {
    return toRuleDto(row, (b) => this.backends.toDto(b));
  }
}
