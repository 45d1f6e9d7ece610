import { DeepPartial, FindOptionsOrder, FindOptionsSelect, FindOptionsWhere, Not, Repository } from 'typeorm';
import type { NamedConfig } from '../entities/timestamps';

/**
 * The reads and writes the configuration API makes on every table of named rows (listeners,
 * sources, storage backends, rulesets): by id, by name, in id order. Each store of one table
 * extends it with what only that table needs.
 */
export abstract class NamedConfigStore<E extends NamedConfig> {
  protected constructor(protected readonly rows: Repository<E>) {}

  /** Every row, oldest first. */
  list(): Promise<E[]> {
    return this.rows.find({ order: { id: 'ASC' } as FindOptionsOrder<E> });
  }

  findById(id: number): Promise<E | null> {
    return this.rows.findOne({ where: { id } as FindOptionsWhere<E> });
  }

  /** Whether another row (not `exceptId`) has this name; the unique index is the last word. */
  nameTaken(name: string, exceptId?: number): Promise<boolean> {
    const where = (exceptId === undefined ? { name } : { name, id: Not(exceptId) }) as FindOptionsWhere<E>;
    return this.rows.exists({ where });
  }

  /** The names of every row. */
  async names(): Promise<string[]> {
    return (await this.rows.find({ select: { name: true } as FindOptionsSelect<E> })).map((r) => r.name);
  }

  /** A new row, not yet stored (for checks that read it before the insert). */
  build(fields: DeepPartial<E>): E {
    return this.rows.create(fields);
  }

  /** Inserts a new row; returns it with its id and timestamps. */
  insert(fields: DeepPartial<E>): Promise<E> {
    return this.rows.save(this.build(fields));
  }

  /** Writes a row built or loaded and changed by the caller. */
  save(row: E): Promise<E> {
    return this.rows.save(row);
  }

  async delete(id: number): Promise<void> {
    await this.rows.delete({ id } as FindOptionsWhere<E>);
  }
}
