import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { ApiKeyEntity } from '../entities/api-key.entity';

/** What a new API key row holds: the hash of the key, never the key. */
export interface NewApiKey {
  name: string;
  prefix: string;
  hashedKey: string;
  expiresAt: Date | null;
  userId: number;
}

/** The api_keys table as the key routes and the admin bootstrap change it (authentication reads it through CredentialStore). */
@Injectable()
export class ApiKeysStore {
  private readonly keys: Repository<ApiKeyEntity>;

  constructor(@InjectDataSource() db: DataSource) {
    this.keys = db.getRepository(ApiKeyEntity);
  }

  /** The keys of one user, or every key when `userId` is undefined; oldest first. */
  list(userId?: number): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: userId === undefined ? {} : { userId }, order: { id: 'ASC' } });
  }

  findById(id: number): Promise<ApiKeyEntity | null> {
    return this.keys.findOne({ where: { id } });
  }

  /** Inserts an active, never used key. */
  create(fields: NewApiKey): Promise<ApiKeyEntity> {
    return this.keys.save(this.keys.create({ ...fields, isActive: true, lastUsedAt: null }));
  }

  /** Writes the changed name, state or expiry of a loaded key. */
  save(row: ApiKeyEntity): Promise<ApiKeyEntity> {
    return this.keys.save(row);
  }
}
