import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source';
import { GroupCommit } from './group-commit';
import { SqliteStatements } from './sqlite-statements';

describe('GroupCommit on SQLite', () => {
  let dir: string;
  let ds: DataSource;
  let barriers = 0;
  let commit: GroupCommit;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-group-commit-'));
    ds = await openDatabase({ databaseUrl: null, sqlitePath: join(dir, 'ledger.sqlite') }, { migrate: false });
    await ds.query('CREATE TABLE t (id integer PRIMARY KEY, v text UNIQUE)');
    commit = new GroupCommit(ds, 'sqlite', async (sql) => {
      barriers++;
      await sql.query('UPDATE t SET v = v WHERE id = 1');
    });
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (v: string) => async (sql: Parameters<Parameters<GroupCommit['run']>[0]>[0]) =>
    (await sql.query<{ id: number }>('INSERT INTO t (v) VALUES (?) RETURNING id', [v])).rows[0]?.id;

  it('runs writes that arrive together in one transaction, failing only the job whose statement failed', async () => {
    await commit.run(insert('taken'), 'full');
    const results = await Promise.allSettled([
      commit.run(insert('a'), 'full'),
      commit.run(insert('taken'), 'full'),
      commit.run(insert('b'), 'relaxed'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = (await ds.query('SELECT v FROM t ORDER BY id')) as { v: string }[];
    expect(rows.map((r) => r.v)).toEqual(['taken', 'a', 'b']);
  });

  it('settles a deferred write only after a full commit, forcing a barrier when no other full commit comes', async () => {
    const before = barriers;
    let settled = false;
    const deferred = commit.run(insert('deferred-1'), 'deferred').then((id) => {
      settled = true;
      return id;
    });
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    await expect(deferred).resolves.toEqual(expect.any(Number));
    expect(barriers).toBe(before + 1);
    // a full commit of other work covers a waiting deferred write
    const second = commit.run(insert('deferred-2'), 'deferred');
    await commit.run(insert('acknowledged'), 'full');
    await expect(second).resolves.toEqual(expect.any(Number));
  });

  it('commits a batch at synchronous NORMAL and gives the connection back at FULL, for every other writer', async () => {
    const statements = SqliteStatements.of(ds) as SqliteStatements;
    const level = () => (statements.run('PRAGMA synchronous', []).rows[0] as { synchronous: number }).synchronous;
    expect(level()).toBe(2); // FULL
    statements.beginRelaxed();
    expect(level()).toBe(1); // NORMAL, inside the batch's transaction
    statements.run('INSERT INTO t (v) VALUES (?)', ['relaxed-level']);
    statements.end(true);
    expect(level()).toBe(2);
    await commit.run(insert('after-a-batch'), 'relaxed');
    expect(level()).toBe(2);
  });
});
