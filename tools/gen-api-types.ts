// Writes apps/web/src/api/schema.d.ts (the console's API types) from the OpenAPI document of the
// real standalone app, so that no DTO is copied by hand. `--check` regenerates into a temp file
// and exits 1 when the committed file differs (drift after an API change).
//   npm run gen:api-types     npm run check:api-types
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildOpenApiDocument, configureHttpApp } from '@axiom/platform-http';
import { InProcessBroker } from '@axiom/messaging';
import { loadConfig } from '@axiom/platform-config';
import { StandaloneModule } from '../apps/standalone/src/standalone.module';

const root = resolve(__dirname, '..');
const committed = join(root, 'apps/web/src/api/schema.d.ts');

/** The document the running app serves at /api/v1/openapi.json, built on a scratch SQLite. */
async function openApiDocument(dataDir: string): Promise<unknown> {
  const config = loadConfig({ AXIOM_DATA_DIR: dataDir, AXIOM_SQLITE_FILE: 'openapi.sqlite', AXIOM_LOG_LEVEL: 'error' });
  const app = await NestFactory.create(StandaloneModule.forRoot(config, new InProcessBroker(config.prefetch)), {
    logger: false,
    abortOnError: false,
  });
  try {
    await configureHttpApp(app);
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const scratch = mkdtempSync(join(tmpdir(), 'axiom-openapi-'));
  try {
    const docFile = join(scratch, 'openapi.json');
    writeFileSync(docFile, JSON.stringify(await openApiDocument(scratch), null, 2));
    const out = check ? join(scratch, 'schema.d.ts') : committed;
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/openapi-typescript/bin/cli.js'),
        docFile,
        '-o',
        out,
        '--alphabetize',
        '--default-non-nullable=false',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (!check) {
      process.stdout.write(`wrote ${committed}\n`);
      return;
    }
    let current = '';
    try {
      current = readFileSync(committed, 'utf8');
    } catch {
      /* a missing file is drift too */
    }
    if (current !== readFileSync(out, 'utf8')) {
      process.stderr.write('apps/web/src/api/schema.d.ts is out of date with the API: run `npm run gen:api-types`\n');
      process.exitCode = 1;
    } else {
      process.stdout.write('API types are up to date\n');
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
