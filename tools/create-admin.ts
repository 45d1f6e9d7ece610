// npm run create-admin -- --email someone@example.org
// Makes the user an Admin (creating it when needed) and prints a new API key once. Works in both
// modes: DATABASE_URL selects PostgreSQL, otherwise the embedded SQLite file under AXIOM_DATA_DIR.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule } from '@axiom/auth';
import { AdminBootstrapService, ConfigAdminModule } from '@axiom/feature-config-admin';
import { ConfigError, loadConfig } from '@axiom/platform-config';
import { RuntimeModule } from '@axiom/runtime';

function emailArgument(argv: string[]): string | null {
  const i = argv.findIndex((a) => a === '--email' || a.startsWith('--email='));
  if (i < 0) return null;
  const arg = argv[i] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
  return value && /^[^@\s]+@[^@\s]+$/.test(value) ? value : null;
}

async function main(): Promise<void> {
  const email = emailArgument(process.argv.slice(2));
  if (!email) {
    process.stderr.write('usage: npm run create-admin -- --email someone@example.org\n');
    process.exit(2);
  }
  const base = loadConfig(process.env);
  // no broker is needed to write two rows; the database is the one the apps of this mode use
  const config = { ...base, databaseUrl: process.env['DATABASE_URL'] || null, rabbitmqUrl: null };

  @Module({ imports: [RuntimeModule.forRoot(config, { migrate: true }), AuthModule, ConfigAdminModule] })
  class CreateAdminModule {}

  const app = await NestFactory.createApplicationContext(CreateAdminModule, { logger: ['error', 'warn'] });
  try {
    const { apiKey } = await app.get(AdminBootstrapService).createAdmin(email);
    process.stdout.write(`${email} is an Admin. New API key (shown once, store it now):\n\n  ${apiKey}\n\n`);
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `create-admin: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
