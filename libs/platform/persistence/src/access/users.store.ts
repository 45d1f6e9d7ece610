import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not, Repository } from 'typeorm';
import { RoleEntity, UserEntity } from '../entities/user.entity';

/** What a new user row holds; timestamps are set by the database layer. */
export interface NewUser {
  email: string;
  fullName: string | null;
  isActive: boolean;
  googleId?: string | null;
  roles: RoleEntity[];
}

/** The users table with their roles (loaded with every user), for the user routes, sign-in and the admin bootstrap. */
@Injectable()
export class UsersStore {
  private readonly users: Repository<UserEntity>;

  constructor(@InjectDataSource() db: DataSource) {
    this.users = db.getRepository(UserEntity);
  }

  /** Every user, oldest first. */
  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { id: 'ASC' } });
  }

  /** The active users (each with roles): who could still manage the system. */
  listActive(): Promise<UserEntity[]> {
    return this.users.find({ where: { isActive: true } });
  }

  findById(id: number): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  /** By the email as stored (the callers lower-case what people type). */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { email } });
  }

  /** By the Google account's subject, set at the first Google sign-in. */
  findByGoogleId(subject: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { googleId: subject } });
  }

  /** Whether another user than `exceptId` already has this email. */
  emailTaken(email: string, exceptId?: number): Promise<boolean> {
    return this.users.exists({ where: exceptId === undefined ? { email } : { email, id: Not(exceptId) } });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  /** Inserts a user with its roles; fails on a taken email (the unique index is the last word). */
  create(fields: NewUser): Promise<UserEntity> {
    return this.users.save(this.users.create(fields));
  }

  /** Writes the changed fields and roles of a loaded user. */
  save(row: UserEntity): Promise<UserEntity> {
    return this.users.save(row);
  }
}
