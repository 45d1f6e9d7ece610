import { FindOptionsWhere, Not, ObjectLiteral, Repository } from 'typeorm';
import { ConfigAdminException } from './config-admin.exception';

/** 409 when another row of `repo` already has this name (the unique index is the last word). */
export async function assertNameFree<E extends ObjectLiteral & { id: number; name: string }>(
  repo: Repository<E>, kind: string, name: string, exceptId?: number,
): Promise<void> {
  const where = (exceptId === undefined ? { name } : { name, id: Not(exceptId) }) as FindOptionsWhere<E>;
  if (await repo.exists({ where })) throw ConfigAdminException.nameTaken(kind, name);
}

export async function findOr404<E extends ObjectLiteral & { id: number }>(repo: Repository<E>, kind: string, id: number): Promise<E> {
  const row = await repo.findOne({ where: { id } as FindOptionsWhere<E> });
  if (!row) throw ConfigAdminException.notFound(kind, id);
  return row;
}
