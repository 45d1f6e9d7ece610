import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { ApiKeyEntity } from '../entities/api-key.entity';
import { UserEntity } from '../entities/user.entity';

/** What the authentication of a request reads: a user by id, an API key by its prefix (with its user and roles). */
@Injectable()
export class CredentialStore {
  private readonly keys: Repository<ApiKeyEntity>;
  private readonly users: Repository<UserEntity>;

  constructor(@InjectDataSource() db: DataSource) {
    this.keys = db.getRepository(ApiKeyEntity);
    this.users = db.getRepository(UserEntity);
  }

  /** The user with its roles, active or not; null when there is none. */
  userById(id: number): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  /** The key of this public prefix, with its user and the user's roles; null when there is none. */
  apiKeyByPrefix(prefix: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOne({ where: { prefix }, relations: { user: { roles: true } } });
  }

  /** Records when a key was last used. */
  async touchApiKey(id: number, at: Date): Promise<void> {
    await this.keys.update({ id }, { lastUsedAt: at });
  }
}
