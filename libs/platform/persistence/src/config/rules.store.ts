import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, DeepPartial, Not, Repository } from 'typeorm';
import { RuleEntity, RulesetEntity } from '../entities/ruleset.entity';
import { NamedConfigStore } from './named-config.store';

/** A rule's name in its ruleset, and the rule itself when it is already stored. */
export interface RuleName {
  rulesetId: number;
  name: string;
  exceptId?: number;
}

/** The rulesets table as the configuration API changes it; reads come with the rules and their destinations. */
@Injectable()
export class RulesetConfigStore extends NamedConfigStore<RulesetEntity> {
  constructor(@InjectDataSource() db: DataSource) {
    super(db.getRepository(RulesetEntity));
  }

  /** Every ruleset with its rules and their destinations (unordered). */
  listWithRules(): Promise<RulesetEntity[]> {
    return this.rows.find({ relations: { rules: { destinations: true } } });
  }

  findWithRules(id: number): Promise<RulesetEntity | null> {
    return this.rows.findOne({ where: { id }, relations: { rules: { destinations: true } } });
  }

  exists(id: number): Promise<boolean> {
    return this.rows.exists({ where: { id } });
  }

  /** Writes these columns of one ruleset (its rules are left alone). */
  async update(
    id: number,
    fields: Pick<RulesetEntity, 'name' | 'description' | 'isActive' | 'priority' | 'executionMode'>,
  ): Promise<void> {
    await this.rows.update({ id }, fields);
  }
}

/** The rules table (and rule_destinations) as the configuration API changes it; rules come with their destinations. */
@Injectable()
export class RuleConfigStore {
  private readonly rules: Repository<RuleEntity>;

  constructor(@InjectDataSource() db: DataSource) {
    this.rules = db.getRepository(RuleEntity);
  }

  /** The rules of one ruleset, or of all when `rulesetId` is undefined (unordered). */
  list(rulesetId?: number): Promise<RuleEntity[]> {
    return this.rules.find({ where: rulesetId === undefined ? {} : { rulesetId }, relations: { destinations: true } });
  }

  findById(id: number): Promise<RuleEntity | null> {
    return this.rules.findOne({ where: { id }, relations: { destinations: true } });
  }

  /** Whether another rule of the ruleset has this name. */
  nameTaken(rule: RuleName): Promise<boolean> {
    const where =
      rule.exceptId === undefined
        ? { rulesetId: rule.rulesetId, name: rule.name }
        : { rulesetId: rule.rulesetId, name: rule.name, id: Not(rule.exceptId) };
    return this.rules.exists({ where });
  }

  /** The rules that send to this destination (without their destinations). */
  sendingTo(destinationId: number): Promise<RuleEntity[]> {
    return this.rules
      .createQueryBuilder('rule')
      .innerJoin('rule.destinations', 'destination', 'destination.id = :id', { id: destinationId })
      .getMany();
  }

  /** Inserts a rule with its destinations. */
  insert(fields: DeepPartial<RuleEntity>): Promise<RuleEntity> {
    return this.rules.save(this.rules.create(fields));
  }

  /** Writes a loaded and changed rule, its destinations replaced by the row's. */
  save(row: RuleEntity): Promise<RuleEntity> {
    return this.rules.save(row);
  }

  async delete(id: number): Promise<void> {
    await this.rules.delete({ id });
  }
}
