import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from './timestamps';
import { UserEntity } from './user.entity';

@Entity('api_keys')
export class ApiKeyEntity extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The public part of `prefix_secret`: locates the key; never enough to use it. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  prefix: string;

  /** scrypt hash of the whole key, `salt:hash` in hex. */
  @Column({ type: 'varchar', length: 255 })
  hashedKey: string;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: Date, nullable: true })
  expiresAt: Date | null;

  @Column({ type: Date, nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: UserEntity;
}
