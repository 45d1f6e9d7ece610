import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { RoleEntity } from '../entities/user.entity';

/** The roles table: read by the user routes and sign-in, seeded by the admin bootstrap. */
@Injectable()
export class RolesStore {
  private readonly roles: Repository<RoleEntity>;

  constructor(@InjectDataSource() db: DataSource) {
    this.roles = db.getRepository(RoleEntity);
  }

  /** Every role, by id. */
  list(): Promise<RoleEntity[]> {
    return this.roles.find({ order: { id: 'ASC' } });
  }

  findById(id: number): Promise<RoleEntity | null> {
    return this.roles.findOne({ where: { id } });
  }

  /** The roles among `names` that exist, by id. */
  named(names: string[]): Promise<RoleEntity[]> {
    return this.roles.find({ where: { name: In(names) }, order: { id: 'ASC' } });
  }

  exists(name: string): Promise<boolean> {
    return this.roles.exists({ where: { name } });
  }

  /** Inserts the role unless a row of that name exists (safe when several processes seed at once). */
  async insertIfMissing(name: string, description: string): Promise<void> {
    await this.roles.createQueryBuilder().insert().values({ name, description }).orIgnore().execute();
  }
}
