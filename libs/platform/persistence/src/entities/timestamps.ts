import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** created_at / updated_at, typed per dialect by TypeORM (timestamp on PostgreSQL, datetime on SQLite). */
export abstract class Timestamped {
  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
