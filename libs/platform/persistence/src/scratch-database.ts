import { Client } from 'pg';

/**
 * A new, empty PostgreSQL database on the server DATABASE_URL names (for tests and the schema
 * tools: the drift check and the migration generator); `drop` removes it.
 */
export async function createScratchPostgres(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `axiom_${label}_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 6)}`.replace(
    /[^a-z0-9_]/g,
    '_',
  );
  const run = async (sql: string): Promise<void> => {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
