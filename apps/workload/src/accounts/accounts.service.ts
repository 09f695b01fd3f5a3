import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { formatNetwork, InvalidNetworkError, parseNetwork } from '@hlp/config';
import { AppError } from '../common/app-error';
import { isUniqueViolation } from '../database/unique-violation';
import { PasswordHasher } from '../passwords/password-hasher';
import type { User } from './user.entity';
import { checkNewPassword, checkUsername } from './username';
import { type UserFilter, UsersRepository } from './users.repository';

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

export interface UserChanges {
  readonly username?: string;
  readonly email?: string;
  /** A new password (hashed here). */
  readonly password?: string;
  /** Networks (CIDR) the user may connect from; empty: anywhere. */
  readonly allowedNetworks?: readonly string[];
}

/** DRF's message for a taken name; one that differs only in case is named. */
function usernameTaken(clash?: string): AppError {
  const message =
    clash === undefined
      ? 'A user with that username already exists.'
      : `A user with that username already exists: "${clash}" (usernames must differ by more than case).`;
  return new AppError('invalid_input', message, { fields: { username: message } });
}

/** Networks as stored: normalised CIDR, comma-separated; null for none (anywhere). */
function storedNetworks(networks: readonly string[]): string | null {
  let normalized: string[];
  try {
    normalized = networks.map((network) => formatNetwork(parseNetwork(network)));
  } catch (error) {
    if (!(error instanceof InvalidNetworkError)) throw error;
    throw new AppError('invalid_input', error.message, {
      fields: { allowed_networks: error.message },
    });
  }
  const value = normalized.length === 0 ? null : normalized.join(',');
  if (value !== null && value.length > 2048) {
    throw new AppError('invalid_input', 'too many networks: at most 2048 characters in all', {
      fields: { allowed_networks: 'at most 2048 characters in all' },
    });
  }
  return value;
}

/** A password of 24 base64url characters: 144 random bits. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** The rules of accounts (names, passwords, networks): the only writer of users. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  findByUsername(username: string): Promise<User | null> {
    return this.users.findByUsername(username);
  }

  /** What authentication needs of a user (one plain query: it runs on every request). */
  credentialsOf(username: string): Promise<User | null> {
    return this.users.credentialsOf(username);
  }

  findById(id: number): Promise<User | null> {
    return this.users.findById(id);
  }

  /** The user a bearer token names, when still active. */
  findActiveById(id: number): Promise<User | null> {
    return this.users.findActiveById(id);
  }

  list(filter: UserFilter = {}): Promise<User[]> {
    return this.users.list(filter);
  }

  /** The ids of these usernames (those that exist). */
  idsOf(usernames: readonly string[]): Promise<Map<string, number>> {
    return this.users.idsOf(usernames);
  }

  /** Creates a user that does not exist yet; a password is generated when none is given. */
  async createUser(username: string, options: UpsertUserOptions = {}): Promise<UpsertedUser> {
    checkUsername(username);
    const password =
      options.password === undefined ? generatePassword() : checkNewPassword(options.password);
    await this.refuseTakenUsername(username);
    const passwordHash = await this.hasher.hash(password);
    try {
      const user = await this.users.insert({
        username,
        passwordHash,
        email: options.email ?? '',
        isAdmin: options.isAdmin ?? false,
        isActive: true,
      });
      return { user, password, created: true };
    } catch (error) {
      if (isUniqueViolation(error)) throw usernameTaken();
      throw error;
    }
  }

  /** Refuses a username that another user has, whatever the case. */
  private async refuseTakenUsername(username: string, renamedId?: number): Promise<void> {
    const clash = await this.users.findUsernameClash(username);
    if (!clash || clash.id === renamedId) return;
    throw usernameTaken(clash.username === username ? undefined : clash.username);
  }

  /** Renames, re-addresses or sets a new password; never touches the admin or active flags. */
  async updateUser(id: number, changes: UserChanges): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw new AppError('not_found', `no user with id ${id}`);
    if (changes.username !== undefined && changes.username !== user.username) {
      checkUsername(changes.username);
      await this.refuseTakenUsername(changes.username, user.id);
      user.username = changes.username;
    }
    if (changes.email !== undefined) user.email = changes.email;
    if (changes.allowedNetworks !== undefined)
      user.allowedNetworks = storedNetworks(changes.allowedNetworks);
    if (changes.password !== undefined) {
      user.passwordHash = await this.hasher.hash(checkNewPassword(changes.password));
    }
    try {
      await this.users.save(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw usernameTaken();
      throw error;
    }
    return user;
  }

  /** Sets a new password (generated when none is given) on an existing user. */
  async setPassword(username: string, password?: string): Promise<UpsertedUser> {
    await this.requireUser(username);
    return this.upsertUser(username, password === undefined ? {} : { password });
  }

  /** Limits a user to some networks (CIDR); an empty list lifts the limit. */
  async setAllowedNetworks(username: string, networks: readonly string[]): Promise<string[]> {
    const user = await this.requireUser(username);
    const value = storedNetworks(networks);
    await this.users.update(user.id, { allowedNetworks: value });
    return value === null ? [] : value.split(',');
  }

  async setAdmin(username: string, isAdmin: boolean): Promise<User> {
    const user = await this.requireUser(username);
    user.isAdmin = isAdmin;
    await this.users.save(user);
    return user;
  }

  async requireUser(username: string): Promise<User> {
    const user = await this.findByUsername(username);
    if (!user) throw new AppError('not_found', `User "${username}" does not exist`);
    return user;
  }

  /** Creates the user, or sets a new password on an existing one. */
  async upsertUser(username: string, options: UpsertUserOptions = {}): Promise<UpsertedUser> {
    checkUsername(username);
    const existing = await this.findByUsername(username);
    if (!existing) return this.createUser(username, options);
    const password =
      options.password === undefined ? generatePassword() : checkNewPassword(options.password);
    existing.passwordHash = await this.hasher.hash(password);
    if (options.email !== undefined) existing.email = options.email;
    if (options.isAdmin !== undefined) existing.isAdmin = options.isAdmin;
    const user = await this.users.save(existing);
    return { user, password, created: false };
  }

  async setActive(username: string, isActive: boolean): Promise<User> {
    const user = await this.requireUser(username);
    user.isActive = isActive;
    await this.users.save(user);
    return user;
  }

  async deleteUser(username: string): Promise<void> {
    const user = await this.requireUser(username);
    await this.users.delete(user.id);
  }

  /**
   * After a successful sign-in: the time, and a stronger hash of the same password when the stored
   * one is weaker (unless another process changed the password meanwhile). Returns the stored hash.
   */
  async recordLogin(user: User, upgradedHash?: string): Promise<string> {
    let passwordHash = user.passwordHash;
    if (upgradedHash !== undefined) {
      if (await this.users.replacePasswordHash(user.id, passwordHash, upgradedHash)) {
        passwordHash = upgradedHash;
      }
    }
    await this.users.recordLogin(user.id);
    return passwordHash;
  }
}
