import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RoleName } from '@axiom/domain';
import { RoleEntity, RolesStore, UserEntity, UsersStore } from '@axiom/persistence';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { ApiKeysService } from '../api-keys/api-keys.service';

const ROLE_DESCRIPTIONS: Record<RoleName, string> = {
  [RoleName.Admin]: 'manages everything: configuration, users, roles and keys',
  [RoleName.User]: 'reads configuration and status, runs dry runs, sends through STOW-RS, manages own API keys',
};

/** First start: the two roles, and an Admin with an API key on an empty users table. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly users: UsersStore,
    private readonly roles: RolesStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: ApiKeysService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seedRoles();
  }

  /** Creates the Admin and User roles when missing (idempotent, safe with several processes). */
  async seedRoles(): Promise<RoleEntity[]> {
    for (const name of Object.values(RoleName)) {
      if (await this.roles.exists(name)) continue;
      await this.roles.insertIfMissing(name, ROLE_DESCRIPTIONS[name]);
    }
    return this.roles.list();
  }

  /**
   * On an empty users table: an Admin (AXIOM_ADMIN_EMAIL, default admin@localhost) with an API
   * key — AXIOM_ADMIN_API_KEY when set, else a generated one returned for the caller to print once.
   */
  async ensureFirstAdmin(): Promise<{ created: boolean; email: string; apiKey?: string }> {
    await this.seedRoles();
    const email = this.config.auth.adminEmail;
    if ((await this.users.count()) > 0) return { created: false, email };
    let user: UserEntity;
    try {
      user = await this.users.create({
        email,
        fullName: 'Administrator',
        isActive: true,
        roles: await this.roles.named([RoleName.Admin]),
      });
    } catch (err) {
      // another process bootstrapped at the same moment
      if (await this.users.findByEmail(email)) return { created: false, email };
      throw err;
    }
    const key = await this.keys.issue({
      userId: user.id,
      name: 'first admin',
      expiresAt: null,
      fullKey: this.config.adminApiKey ?? undefined,
    });
    this.logger.log(`created the first admin ${email}`);
    return { created: true, email, apiKey: key.full_key };
  }

  /** `npm run create-admin -- --email E`: makes E an Admin (creating the user) and issues a new key. */
  async createAdmin(email: string): Promise<{ apiKey: string }> {
    await this.seedRoles();
    const normalized = email.trim().toLowerCase();
    let user = await this.users.findByEmail(normalized);
    const admin = await this.roles.named([RoleName.Admin]);
    if (!user) {
      user = await this.users.create({ email: normalized, fullName: null, isActive: true, roles: admin });
    } else if (!user.roles.some((r) => r.name === RoleName.Admin)) {
      user.roles = [...user.roles, ...admin];
      user = await this.users.save(user);
    }
    const key = await this.keys.issue({ userId: user.id, name: 'create-admin', expiresAt: null });
    return { apiKey: key.full_key };
  }
}
