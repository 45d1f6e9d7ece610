import { Injectable } from '@nestjs/common';
import type { Identity } from '@axiom/auth';
import type { CreateRulesetDto, RulesetDto, UpdateRulesetDto } from '@axiom/contracts';
import { ExecutionMode, byRunOrder } from '@axiom/domain';
import { RulesetConfigStore, type RulesetEntity } from '@axiom/persistence';
import { RequestException } from '@axiom/platform-http';
import { AuditService } from '../audit/audit.service';
import { assertNameFree } from '../common/unique-name';
import { StorageBackendsService } from '../storage-backends/storage-backends.service';
import { toRulesetDto } from './rule.mapper';

const KIND = 'ruleset';

@Injectable()
export class RulesetsService {
  constructor(
    private readonly rulesets: RulesetConfigStore,
    private readonly backends: StorageBackendsService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<RulesetDto[]> {
    const rows = await this.rulesets.listWithRules();
    return rows.sort(byRunOrder).map((r) => this.toDto(r));
  }

  async get(id: number): Promise<RulesetDto> {
    return this.toDto(await this.load(id));
  }

  async create(dto: CreateRulesetDto, actor: Identity): Promise<RulesetDto> {
    await assertNameFree(this.rulesets, KIND, dto.name);
    const row = await this.rulesets.insert({
      name: dto.name,
      description: dto.description ?? null,
      isActive: dto.is_active ?? true,
      priority: dto.priority ?? 0,
      executionMode: dto.execution_mode ?? ExecutionMode.FirstMatch,
    });
    const after = await this.get(row.id);
    await this.audit.record({ actor, action: 'create', entityType: 'ruleset', entityId: row.id, after });
    return after;
  }

  async update(id: number, dto: UpdateRulesetDto, actor: Identity): Promise<RulesetDto> {
    const row = await this.load(id);
    const before = this.toDto(row);
    if (dto.name !== undefined) await assertNameFree(this.rulesets, KIND, dto.name, id);
    await this.rulesets.update(id, {
      name: dto.name ?? row.name,
      description: dto.description === undefined ? row.description : dto.description,
      isActive: dto.is_active ?? row.isActive,
      priority: dto.priority ?? row.priority,
      executionMode: dto.execution_mode ?? row.executionMode,
    });
    const after = await this.get(id);
    await this.audit.record({ actor, action: 'update', entityType: 'ruleset', entityId: id, before, after });
    return after;
  }

  /** Deletes the ruleset and its rules (the audit row keeps them). */
  async remove(id: number, actor: Identity): Promise<void> {
    const before = this.toDto(await this.load(id));
    await this.rulesets.delete(id);
    await this.audit.record({ actor, action: 'delete', entityType: 'ruleset', entityId: id, before });
  }

  private async load(id: number): Promise<RulesetEntity> {
    const row = await this.rulesets.findWithRules(id);
    if (!row) throw RequestException.notFound(KIND, id);
    return row;
  }

  private toDto(row: RulesetEntity): RulesetDto {
    return toRulesetDto(row, (b) => this.backends.toDto(b));
  }
}
