import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, Repository } from 'typeorm';
import type { Identity } from '@axiom/auth';
import type { CreateRuleDto, FieldError, RuleDto, SavedRuleDto, UpdateRuleDto } from '@axiom/contracts';
import type { AssociationCriterion, MatchCriterion, TagModification } from '@axiom/domain';
import { RuleEntity, RulesetEntity, StorageBackendEntity } from '@axiom/persistence';
import { validateRuleInput } from '@axiom/rule-engine';
import { AuditService } from '../audit/audit.service';
import { ConfigAdminException } from '../common/config-admin.exception';
import { KnownSources } from '../common/known-sources';
import { StorageBackendsService } from '../storage-backends/storage-backends.service';
import { byPriority, toRuleDto } from './rule.mapper';

const KIND = 'rule';

@Injectable()
export class RulesService {
  constructor(
    @InjectRepository(RuleEntity) private readonly rules: Repository<RuleEntity>,
    @InjectRepository(RulesetEntity) private readonly rulesets: Repository<RulesetEntity>,
    @InjectRepository(StorageBackendEntity) private readonly backendRows: Repository<StorageBackendEntity>,
    private readonly backends: StorageBackendsService,
    private readonly audit: AuditService,
    private readonly sources: KnownSources,
  ) {}

  async list(rulesetId?: number): Promise<RuleDto[]> {
    const rows = await this.rules.find({ where: rulesetId === undefined ? {} : { rulesetId }, relations: { destinations: true } });
    return rows.sort((a, b) => a.rulesetId - b.rulesetId || byPriority(a, b)).map((r) => this.toDto(r));
  }

  async get(id: number): Promise<RuleDto> {
    return this.toDto(await this.load(id));
  }

  async create(dto: CreateRuleDto, actor: Identity): Promise<SavedRuleDto> {
    const destinations = await this.check(dto, dto.ruleset_id, dto.name, undefined);
    const row = await this.rules.save(this.rules.create({
      rulesetId: dto.ruleset_id, name: dto.name, description: dto.description ?? null, isActive: dto.is_active ?? true,
      priority: dto.priority ?? 100,
      matchCriteria: (dto.match_criteria ?? []) as MatchCriterion[],
      associationCriteria: (dto.association_criteria ?? []) as AssociationCriterion[],
      tagModifications: (dto.tag_modifications ?? []) as TagModification[],
      applicableSources: (dto.applicable_sources ?? null) as string[] | null,
      destinations: destinations ?? [],
    }));
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
    await this.rules.delete({ id });
    await this.audit.record({ actor, action: 'delete', entityType: 'rule', entityId: id, before });
  }

  /** Validates the body (rule engine, ruleset, destinations, name); returns the destinations to set. */
  private async check(dto: UpdateRuleDto, rulesetId: number, name: string, exceptId: number | undefined): Promise<StorageBackendEntity[] | undefined> {
    const errors: FieldError[] = validateRuleInput({
      match_criteria: dto.match_criteria ?? [], association_criteria: dto.association_criteria ?? [],
      tag_modifications: dto.tag_modifications ?? [], applicable_sources: dto.applicable_sources,
    }).map((i) => ({ path: i.path, message: i.message }));
    if (!(await this.rulesets.exists({ where: { id: rulesetId } }))) errors.push({ path: 'ruleset_id', message: `ruleset ${rulesetId} does not exist` });
    let destinations: StorageBackendEntity[] | undefined;
    if (dto.destination_ids !== undefined) {
      destinations = await this.backendRows.find({ where: { id: In(dto.destination_ids) } });
      dto.destination_ids.forEach((d, i) => {
        if (!destinations?.some((b) => b.id === d)) errors.push({ path: `destination_ids[${i}]`, message: `storage backend ${d} does not exist` });
      });
    }
    if (errors.length > 0) throw ConfigAdminException.invalid(errors);
    const where = exceptId === undefined ? { rulesetId, name } : { rulesetId, name, id: Not(exceptId) };
    if (await this.rules.exists({ where })) throw ConfigAdminException.nameTaken('rule in this ruleset', name);
    return destinations;
  }

  private async load(id: number): Promise<RuleEntity> {
    const row = await this.rules.findOne({ where: { id }, relations: { destinations: true } });
    if (!row) throw ConfigAdminException.notFound(KIND, id);
    return row;
  }

  private toDto(row: RuleEntity): RuleDto {
    return toRuleDto(row, (b) => this.backends.toDto(b));
  }
}
