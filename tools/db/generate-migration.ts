/**
 * Generates a migration for each dialect from the difference between the entities and the
 * schema that the existing migrations build, on a scratch database:
 *   node -r @swc-node/register tools/db/generate-migration.ts <Name>
 * PostgreSQL comes from DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a scratch
 * database is created and dropped there.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, Dialect } from '@axiom/persistence';
import { withScratchPostgres } from './scratch-postgres';

const name = process.argv[2] ?? '';
if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: generate-migration.ts <PascalCaseName>');
  process.exit(2);
}
const root = join(__dirname, '..', '..');
const stamp = Date.now();

function render(className: string, up: string[], down: string[]): string {
  const lines = (qs: string[]) => qs.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

async function generate(dialect: Dialect, ds: DataSource): Promise<void> {
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const log = await ds.driver.createSchemaBuilder().log();
  await ds.destroy();
  if (log.upQueries.length === 0) {
    console.log(`${dialect}: no changes`);
    return;
  }
  const className = `${name}${stamp}`;
  const dir = join(root, 'libs/platform/persistence/src/migrations', dialect);
  const file = `${stamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
  writeFileSync(
    join(dir, `${file}.ts`),
    render(
      className,
      log.upQueries.map((q) => q.query),
      log.downQueries.map((q) => q.query).reverse(),
    ),
  );
  const indexPath = join(dir, 'index.ts');
  let index = readFileSync(indexPath, 'utf8');
  index =
    `import { ${className} } from './${file}';\n` +
    index.replace(/\[([^\]]*)\];/, (_m, list: string) => {
      const items = list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      items.push(className);
      return `[${items.join(', ')}];`;
    });
  writeFileSync(indexPath, index);
  console.log(`${dialect}: wrote ${file}.ts (${log.upQueries.length} statements)`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'axiom-gen-'));
  try {
    await generate(
      'sqlite',
      new DataSource(dataSourceOptions({ databaseUrl: null, sqlitePath: join(dir, 'gen.sqlite') })),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await withScratchPostgres(async (url) =>
    generate('postgres', new DataSource(dataSourceOptions({ databaseUrl: url, sqlitePath: '' }))),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
