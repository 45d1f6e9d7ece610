import { DynamicModule, INestApplication, LoggerService, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AuthModule } from '@axiom/auth';
import { RoleName } from '@axiom/domain';
import { RolesStore, UsersStore, createScratchPostgres } from '@axiom/persistence';
import { AppConfig, loadConfig } from '@axiom/platform-config';
import { RuntimeModule } from '@axiom/runtime';
import { ApiKeysService } from '../access/api-keys/api-keys.service';
import { AdminBootstrapService } from '../access/bootstrap/admin-bootstrap.service';
import { ConfigAdminModule } from '../config-admin.module';
import { configureHttpApp } from '@axiom/platform-http';

export type Dialect = 'sqlite' | 'postgres';
export const ADMIN_KEY = 'admintest_0123456789abcdefABCDEF0123';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  /** supertest against the running app with the admin key. */
  http: () => ReturnType<typeof request>;
  adminKey: string;
  /** Creates a user with these roles and returns an API key of theirs. */
  keyFor(email: string, roles: RoleName[]): Promise<string>;
  close(): Promise<void>;
}

/** The config API as the apps build it: runtime module + AuthModule + ConfigAdminModule, migrated. */
export async function createTestApp(
  dialect: Dialect,
  env: Record<string, string> = {},
  extraImports: (Type<unknown> | DynamicModule)[] = [],
  logger: LoggerService | false = false,
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'axiom-cfg-'));
  const pg = dialect === 'postgres' ? await createScratchPostgres('cfg') : null;
  const base = loadConfig({
    AXIOM_DATA_DIR: dataDir,
    AXIOM_ADMIN_API_KEY: ADMIN_KEY,
    AXIOM_SQLITE_FILE: 'test.sqlite',
    ...env,
  });
  const config: AppConfig = { ...base, databaseUrl: pg?.url ?? null };
  const moduleRef = await Test.createTestingModule({
    imports: [RuntimeModule.forRoot(config, { migrate: true }), AuthModule, ConfigAdminModule, ...extraImports],
  }).compile();
  const app = moduleRef.createNestApplication({ logger });
  await configureHttpApp(app);
  await app.init();
  await app.get(AdminBootstrapService).ensureFirstAdmin();
  const server = app.getHttpServer();
  return {
    app,
    config,
    http: () => request(server),
    adminKey: ADMIN_KEY,
    async keyFor(email, roleNames) {
      const roles = await app.get(RolesStore).named(roleNames);
      const user = await app.get(UsersStore).create({ email, fullName: null, isActive: true, roles });
      return (await app.get(ApiKeysService).issue({ userId: user.id, name: 'test', expiresAt: null })).full_key;
    },
    async close() {
      await app.close();
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
