import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { rawQuery, toBoolean } from '../database/raw-query';
import { CredentialCache } from './credential-cache';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';
import { checkNewPassword, checkUsername } from './username';

export interface UpsertUserOptions {
  /** Given: set it. Absent: generate one. */
  readonly password?: string;
  readonly email?: string;
  readonly isAdmin?: boolean;
}

export interface UpsertedUser {
  readonly user: User;
  readonly password: string;
  readonly created: boolean;
}

/** A password of 24 base64url characters: 144 random bits. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

@Injectable()
export class AccountsService {
  private readonly cache: CredentialCache;
  private readonly verifications = new Map<string, Promise<boolean>>();

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cache = new CredentialCache({ ttlMs: config.authCacheSeconds * 1000, maxEntries: 10_000 });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username });
  }

  /** What authentication needs of a user, read with one plain query (it runs on every request). */
  private async credentialsOf(username: string): Promise<User | null> {
    const [row] = await rawQuery<Record<string, unknown>>(
      this.users.manager.connection,
      'SELECT id, username, password_hash, is_admin, is_active FROM users WHERE username = :username',
      { username },
    );
    if (!row) return null;
    return this.users.create({
      id: Number(row.id),
      username: String(row.username),
      passwordHash: String(row.password_hash),
      isAdmin: toBoolean(row.is_admin),
      isActive: toBoolean(row.is_active),
    });
  }

  async requireUser(username: string): Promise<User> {
    const user = await this.findByUsername(username);
    if (!user) throw new AppError('not_found', `User "${username}" does not exist`);
    return user;
  }

  /** Creates the user, or sets a new password on an existing one. */
  async upsertUser(username: string, options: UpsertUserOptions = {}): Promise<UpsertedUser> {
    checkUsername(username);
    const password =
      options.password === undefined ? generatePassword() : checkNewPassword(options.password);
    const passwordHash = await this.hasher.hash(password);
    const existing = await this.findByUsername(username);
    if (existing) {
      existing.passwordHash = passwordHash;
      if (options.email !== undefined) existing.email = options.email;
      if (options.isAdmin !== undefined) existing.isAdmin = options.isAdmin;
      const user = await this.users.save(existing);
      this.cache.forgetUser(user.id);
      return { user, password, created: false };
    }
    const user = await this.users.save(
      this.users.create({
        username,
        passwordHash,
        email: options.email ?? '',
        isAdmin: options.isAdmin ?? false,
        isActive: true,
      }),
    );
    return { user, password, created: true };
  }

  async setActive(username: string, isActive: boolean): Promise<User> {
    const user = await this.requireUser(username);
    user.isActive = isActive;
    await this.users.save(user);
    this.cache.forgetUser(user.id);
    return user;
  }

  async deleteUser(username: string): Promise<void> {
    const user = await this.requireUser(username);
    await this.users.delete({ id: user.id });
    this.cache.forgetUser(user.id);
  }

  /**
   * The active user these credentials belong to, or null. Unknown users cost as much as known
   * ones (a decoy hash is checked), so timing does not reveal which usernames exist.
   */
  async authenticate(username: string, password: string): Promise<User | null> {
    const user = await this.credentialsOf(username);
    if (!user) {
      await this.hasher.verifyDecoy(password);
      return null;
    }
    if (user.isActive && this.cache.lookup(username, password, user.passwordHash) === user.id) {
      return user;
    }
    return (await this.verifyOnce(user, password)) ? user : null;
  }

  /**
   * Concurrent requests with the same credentials against the same stored hash share one hash
   * computation: a client opening many connections at once costs one verification, not many.
   */
  private verifyOnce(user: User, password: string): Promise<boolean> {
    const key = `${this.cache.keyOf(user.username, password)}:${user.passwordHash}`;
    let pending = this.verifications.get(key);
    if (!pending) {
      pending = this.verifyAndRemember(user, password).finally(() =>
        this.verifications.delete(key),
      );
      this.verifications.set(key, pending);
    }
    return pending;
  }

  private async verifyAndRemember(user: User, password: string): Promise<boolean> {
    const verification = await this.hasher.verify(password, user.passwordHash);
    if (!verification.ok || !user.isActive) return false;
    let passwordHash = user.passwordHash;
    if (verification.needsRehash) {
      // Upgrade a Django or weaker hash, unless another process changed the password meanwhile.
      const upgraded = await this.hasher.hash(password);
      const result = await this.users.update(
        { id: user.id, passwordHash },
        { passwordHash: upgraded },
      );
      if (result.affected === 1) passwordHash = upgraded;
    }
    await this.users.update({ id: user.id }, { lastLoginAt: new Date() });
    this.cache.remember(user.username, password, user.id, passwordHash);
    return true;
  }
}
