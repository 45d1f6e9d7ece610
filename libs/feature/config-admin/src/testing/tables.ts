import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import type { TestApp } from './test-app';

/** Test-only: a table of the app's database, to seed states no route creates (a ledger mid-flight, legacy rows). */
export function tableOf<E extends ObjectLiteral>(t: TestApp, entity: EntityTarget<E>): Repository<E> {
  return t.app.get<DataSource>(getDataSourceToken()).getRepository(entity);
}
