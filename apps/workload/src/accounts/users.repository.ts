import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, Repository } from 'typeorm';
import { AccountReads } from '../database/account-reads';
import { likeLiteral, rawQuery, toBoolean } from '../database/raw-query';
import type { Transaction } from '../database/transactions';
import { User } from './user.entity';

export interface UserFilter {
  /** Exactly this username (the Python service's `?username=`). */
  readonly username?: string;
  /** Part of a username or an email, any case (the admin page's search). */
  readonly search?: string;
  readonly limit?: number;
}

export type UserFields = Partial<
  Pick<User, 'username' | 'email' | 'passwordHash' | 'isAdmin' | 'isActive' | 'allowedNetworks'>
>;

/** The `users` table: every query on it, and the only code that writes it. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly reads: AccountReads,
  ) {}

  /** The same table inside a transaction (read there, never from memory). */
  in(transaction: Transaction): UsersRepository {
    return new UsersRepository(transaction.getRepository(User), new AccountReads());
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username });
  }

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** A user from a plain query's row (SQLite answers 0 and 1 for booleans). */
  private userFromRow(row: Record<string, unknown>): User {
    return this.users.create({
      id: Number(row.id),
      username: String(row.username),
      ...(row.password_hash === undefined ? {} : { passwordHash: String(row.password_hash) }),
      isAdmin: toBoolean(row.is_admin),
      isActive: toBoolean(row.is_active),
      allowedNetworks: row.allowed_networks === null ? null : String(row.allowed_networks),
    });
  }

  /**
   * What authentication needs of a user: it runs on every request, so it is one plain query,
   * kept while the database announces no change (an unknown name is not kept).
   */
  async credentialsOf(username: string): Promise<User | null> {
    const row = await this.reads.read(
      `credentials of ${username}`,
      async () =>
        (
          await rawQuery<Record<string, unknown>>(
            this.users.manager.connection,
            'SELECT id, username, password_hash, is_admin, is_active, allowed_networks FROM users WHERE username = :username',
            { username },
          )
        )[0],
      (found) => found !== undefined,
    );
    return row ? this.userFromRow(row) : null;
  }

  /** The user with this id, when still active (one plain query: it runs on every request). */
  async findActiveById(id: number): Promise<User | null> {
    const [row] = await rawQuery<Record<string, unknown>>(
      this.users.manager.connection,
      'SELECT id, username, is_admin, is_active, allowed_networks FROM users WHERE id = :id',
      { id },
    );
    return row && toBoolean(row.is_active) ? this.userFromRow(row) : null;
  }

  /**
   * The user whose username equals `username` whatever the case, compared as the database's
   * unique index on `lower(username)` compares them; null when the name is free.
   */
  findUsernameClash(username: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('account')
      .where('lower(account.username) = lower(:username)', { username })
      .getOne();
  }

  /** Newest first, as the Python service orders them. */
  list(filter: UserFilter = {}): Promise<User[]> {
    const query = this.users
      .createQueryBuilder('account')
      .orderBy('account.createdAt', 'DESC')
      .addOrderBy('account.id', 'DESC');
    if (filter.username !== undefined) {
      query.andWhere('account.username = :username', { username: filter.username });
    }
    if (filter.search) {
      const pattern = `%${likeLiteral(filter.search.toLowerCase())}%`;
      query.andWhere(
        new Brackets((where) =>
          where
            .where("LOWER(account.username) LIKE :pattern ESCAPE '\\'", { pattern })
            .orWhere("LOWER(account.email) LIKE :pattern ESCAPE '\\'", { pattern }),
        ),
      );
    }
    if (filter.limit !== undefined) query.limit(filter.limit);
    return query.getMany();
  }

  listByUsername(): Promise<User[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  /** The ids of these usernames (those that exist). */
  async idsOf(usernames: readonly string[]): Promise<Map<string, number>> {
    const unique = [...new Set(usernames)];
    if (unique.length === 0) return new Map();
    const users = await this.users.find({
      where: { username: In(unique) },
      select: { id: true, username: true },
    });
    return new Map(users.map((user) => [user.username, user.id]));
  }

  insert(fields: UserFields & Pick<User, 'username' | 'passwordHash'>): Promise<User> {
    return this.users.save(this.users.create(fields));
  }

  save(user: User): Promise<User> {
    return this.users.save(user);
  }

  async update(id: number, fields: UserFields): Promise<void> {
    await this.users.update({ id }, fields);
  }

  /** Replaces the hash only while it is still `expected`; whether it did. */
  async replacePasswordHash(id: number, expected: string, replacement: string): Promise<boolean> {
    const result = await this.users.update(
      { id, passwordHash: expected },
      { passwordHash: replacement },
    );
    return result.affected === 1;
  }

  async recordLogin(id: number): Promise<void> {
    await this.users.update({ id }, { lastLoginAt: new Date() });
  }

  async delete(id: number): Promise<void> {
    await this.users.delete({ id });
  }
}
