import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** created_at / updated_at, typed per dialect by TypeORM (timestamp on PostgreSQL, datetime on SQLite). */
export abstract class Timestamped {
  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}

/** A configuration row people name: id, a unique name and a free-text description. */
export abstract class NamedConfig extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100, unique: true })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;
}
