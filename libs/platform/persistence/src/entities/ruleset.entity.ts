import {
  Column,
  Entity,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { AssociationCriterion, ExecutionMode, MatchCriterion, TagModification } from '@axiom/domain';
import { DestinationEntity } from './storage-backend.entity';
import { NamedConfig, Timestamped } from './timestamps';

@Entity('rulesets')
export class RulesetEntity extends NamedConfig {
  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'integer', default: 0 })
  priority: number;

  @Column({ type: 'varchar', length: 16, default: 'FIRST_MATCH' })
  executionMode: ExecutionMode;

  @OneToMany(() => RuleEntity, (rule) => rule.ruleset)
  rules: RuleEntity[];
}

@Entity('rules')
export class RuleEntity extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  rulesetId: number;

  @ManyToOne(() => RulesetEntity, (ruleset) => ruleset.rules, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ruleset_id' })
  ruleset: RulesetEntity;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'integer', default: 100 })
  priority: number;

  @Column({ type: 'simple-json' })
  matchCriteria: MatchCriterion[];

  @Column({ type: 'simple-json' })
  associationCriteria: AssociationCriterion[];

  @Column({ type: 'simple-json' })
  tagModifications: TagModification[];

  @Column({ type: 'simple-json', nullable: true })
  applicableSources: string[] | null;

  @ManyToMany(() => DestinationEntity, { eager: true })
  @JoinTable({
    name: 'rule_destinations',
    joinColumn: { name: 'rule_id' },
    inverseJoinColumn: { name: 'storage_backend_id' },
  })
  destinations: DestinationEntity[];
}
