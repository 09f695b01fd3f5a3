import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, type DataSource, In } from 'typeorm';
import { AccountsService, type UpsertedUser, type UserChanges } from '../accounts/accounts.service';
import { User } from '../accounts/user.entity';
import { SessionsService } from '../identity/sessions.service';
import { TokensService } from '../identity/tokens.service';
import { AppError } from '../common/app-error';
import { isUniqueViolation } from '../database/unique-violation';
import type { AccessLevel } from '../domains/access-level';
import { DomainPermission } from '../domains/domain-permission.entity';
import { Domain } from '../domains/domain.entity';
import { InvalidNameError, normalizeDomain } from '../domains/domain-name';
import { DomainsService } from '../domains/domains.service';

export interface UserFilter {
  /** Exactly this username (the Python service's `?username=`). */
  readonly username?: string;
  /** Part of a username or an email, any case (the admin page's search). */
  readonly search?: string;
  readonly limit?: number;
}

export interface PermissionFilter {
  readonly username?: string;
  readonly fqdn?: string;
  readonly userId?: number;
}

export interface PermissionFields {
  readonly userId: number;
  readonly domainId: number;
  readonly accessLevel: AccessLevel;
  readonly text: string | null;
}

/** A domain with who may manage it, for the admin page. */
export interface DomainSummary {
  readonly domain: Domain;
  readonly holders: {
    readonly userId: number;
    readonly username: string;
    readonly accessLevel: AccessLevel;
  }[];
}

function notFound(what: string, id: number | string): AppError {
  return new AppError('not_found', `no ${what} with id ${id}`);
}

function duplicateGrant(): AppError {
  const message = 'The fields user, domain, access_level must make a unique set.';
  return new AppError('invalid_input', message, { fields: { non_field_errors: message } });
}

function duplicateDomain(): AppError {
  const message = 'domain with this fqdn already exists.';
  return new AppError('invalid_input', message, { fields: { fqdn: message } });
}

/** `LIKE` pattern text matching `text` literally (escape character `\`). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * What administrators do, for the REST API and the admin pages alike: on top of the accounts and
 * domains services (the CLI's), so that names, passwords and grants follow the same rules.
 */
@Injectable()
export class AdministrationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly domainsService: DomainsService,
    private readonly tokens: TokensService,
    private readonly sessions: SessionsService,
  ) {}

  private get users() {
    return this.dataSource.getRepository(User);
  }

  private get domains() {
    return this.dataSource.getRepository(Domain);
  }

  private get permissions() {
    return this.dataSource.getRepository(DomainPermission);
  }

  // Users

  /** Newest first, as the Python service orders them. */
  listUsers(filter: UserFilter = {}): Promise<User[]> {
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

  async getUser(id: number): Promise<User> {
    const user = await this.accounts.findById(id);
    if (!user) throw notFound('user', id);
    return user;
  }

  async requireUser(username: string): Promise<User> {
    return this.accounts.requireUser(username);
  }

  createUser(username: string, email: string, password?: string): Promise<UpsertedUser> {
    return this.accounts.createUser(username, { email, password });
  }

  /** A new password ends the user's refresh tokens and admin sign-ins. */
  async updateUser(id: number, changes: UserChanges): Promise<User> {
    const user = await this.accounts.updateUser(id, changes);
    if (changes.password !== undefined) await this.endSignIns(user.id);
    return user;
  }

  /** A new generated password, shown once; ends the user's tokens and sign-ins. */
  async resetPassword(username: string): Promise<UpsertedUser> {
    const result = await this.accounts.setPassword(username);
    await this.endSignIns(result.user.id);
    return result;
  }

  async setActive(username: string, isActive: boolean): Promise<User> {
    const user = await this.accounts.setActive(username, isActive);
    if (!isActive) await this.endSignIns(user.id);
    return user;
  }

  /** Taking administration away also ends the user's admin sign-ins. */
  async setAdmin(username: string, isAdmin: boolean): Promise<User> {
    const user = await this.accounts.setAdmin(username, isAdmin);
    if (!isAdmin) await this.sessions.endAll(user.id);
    return user;
  }

  async deleteUser(id: number): Promise<void> {
    const user = await this.getUser(id);
    await this.accounts.deleteUser(user.username);
  }

  private async endSignIns(userId: number): Promise<void> {
    await this.tokens.revokeAll(userId);
    await this.sessions.endAll(userId);
  }

  /** The ids of these usernames (those that exist). */
  async userIds(usernames: readonly string[]): Promise<Map<string, number>> {
    const unique = [...new Set(usernames)];
    if (unique.length === 0) return new Map();
    const users = await this.users.find({
      where: { username: In(unique) },
      select: { id: true, username: true },
    });
    return new Map(users.map((user) => [user.username, user.id]));
  }

  /** How many grants each user holds. */
  async grantCounts(userIds: readonly number[]): Promise<Map<number, number>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.permissions
      .createQueryBuilder('permission')
      .select('permission.userId', 'userId')
      .addSelect('COUNT(*)', 'count')
      .where({ userId: In([...userIds]) })
      .groupBy('permission.userId')
      .getRawMany<{ userId: number | string; count: number | string }>();
    return new Map(rows.map((row) => [Number(row.userId), Number(row.count)]));
  }

  // Domains

  listDomains(
    filter: { readonly fqdn?: string; readonly search?: string } = {},
  ): Promise<Domain[]> {
    const query = this.domains.createQueryBuilder('domain').orderBy('domain.fqdn', 'ASC');
    if (filter.fqdn !== undefined) {
      query.andWhere('domain.fqdn = :fqdn', { fqdn: canonicalName(filter.fqdn) });
    }
    if (filter.search) {
      query.andWhere("domain.fqdn LIKE :pattern ESCAPE '\\'", {
        pattern: `%${likeLiteral(canonicalName(filter.search))}%`,
      });
    }
    return query.getMany();
  }

  async domainSummaries(search?: string): Promise<DomainSummary[]> {
    const domains = await this.listDomains({ search });
    if (domains.length === 0) return [];
    const rows = await this.permissions
      .createQueryBuilder('permission')
      .innerJoin('permission.user', 'account')
      .select('permission.domainId', 'domainId')
      .addSelect('permission.userId', 'userId')
      .addSelect('account.username', 'username')
      .addSelect('permission.accessLevel', 'accessLevel')
      .where({ domainId: In(domains.map((domain) => domain.id)) })
      .orderBy('account.username', 'ASC')
      .getRawMany<{
        domainId: number | string;
        userId: number | string;
        username: string;
        accessLevel: AccessLevel;
      }>();
    return domains.map((domain) => ({
      domain,
      holders: rows
        .filter((row) => Number(row.domainId) === domain.id)
        .map((row) => ({
          userId: Number(row.userId),
          username: row.username,
          accessLevel: row.accessLevel,
        })),
    }));
  }

  async getDomain(id: number): Promise<Domain> {
    const domain = await this.domains.findOneBy({ id });
    if (!domain) throw notFound('domain', id);
    return domain;
  }

  async createDomain(fqdn: string): Promise<Domain> {
    const name = checkDomain(fqdn);
    if (await this.domains.existsBy({ fqdn: name })) throw duplicateDomain();
    try {
      return await this.domains.save(this.domains.create({ fqdn: name }));
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateDomain();
      throw error;
    }
  }

  async renameDomain(id: number, fqdn: string): Promise<Domain> {
    const domain = await this.getDomain(id);
    const name = checkDomain(fqdn);
    if (name === domain.fqdn) return domain;
    if (await this.domains.existsBy({ fqdn: name })) throw duplicateDomain();
    domain.fqdn = name;
    try {
      return await this.domains.save(domain);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateDomain();
      throw error;
    }
  }

  /** Deletes the domain and every grant on it. */
  async deleteDomain(id: number): Promise<Domain> {
    const domain = await this.getDomain(id);
    await this.domains.delete({ id });
    return domain;
  }

  // Grants

  listPermissions(filter: PermissionFilter = {}): Promise<DomainPermission[]> {
    const query = this.permissions
      .createQueryBuilder('permission')
      .innerJoinAndSelect('permission.domain', 'domain')
      .innerJoin('permission.user', 'account')
      .orderBy('permission.id', 'ASC');
    if (filter.username !== undefined) {
      query.andWhere('account.username = :username', { username: filter.username });
    }
    if (filter.userId !== undefined) {
      query.andWhere('permission.userId = :userId', { userId: filter.userId });
    }
    if (filter.fqdn !== undefined) {
      query.andWhere('domain.fqdn = :fqdn', { fqdn: canonicalName(filter.fqdn) });
    }
    return query.getMany();
  }

  async getPermission(id: number): Promise<DomainPermission> {
    const permission = await this.permissions.findOneBy({ id });
    if (!permission) throw notFound('domain user permission', id);
    return permission;
  }

  /**
   * Grants through the same service as the CLI's `allow-domains`; a grant held already is an
   * error here, as in the Python API.
   */
  async createPermission(fields: PermissionFields): Promise<DomainPermission> {
    const { user, domain } = await this.references(fields);
    try {
      const outcome = await this.domainsService.allow(
        user.username,
        fields.accessLevel === 'domain'
          ? { domains: [domain.fqdn] }
          : { subdomains: [domain.fqdn] },
        fields.text ?? undefined,
      );
      if (outcome.granted.length === 0) throw duplicateGrant();
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateGrant();
      throw error;
    }
    return this.permissions.findOneByOrFail({
      userId: user.id,
      domainId: domain.id,
      accessLevel: fields.accessLevel,
    });
  }

  async updatePermission(id: number, fields: PermissionFields): Promise<DomainPermission> {
    const permission = await this.getPermission(id);
    await this.references(fields);
    permission.userId = fields.userId;
    permission.domainId = fields.domainId;
    permission.accessLevel = fields.accessLevel;
    permission.text = fields.text;
    try {
      await this.permissions.update(
        { id },
        {
          userId: fields.userId,
          domainId: fields.domainId,
          accessLevel: fields.accessLevel,
          text: fields.text,
        },
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateGrant();
      throw error;
    }
    return permission;
  }

  async deletePermission(id: number): Promise<void> {
    await this.getPermission(id);
    await this.permissions.delete({ id });
  }

  /** The user and the domain a grant names; each missing one is a field error. */
  private async references(fields: PermissionFields): Promise<{ user: User; domain: Domain }> {
    const [user, domain] = await Promise.all([
      this.accounts.findById(fields.userId),
      this.domains.findOneBy({ id: fields.domainId }),
    ]);
    const errors: Record<string, string> = {};
    if (!user) errors.user = `Invalid pk "${fields.userId}" - object does not exist.`;
    if (!domain) errors.domain = `Invalid pk "${fields.domainId}" - object does not exist.`;
    if (!user || !domain) {
      throw new AppError('invalid_input', Object.values(errors).join(' '), { fields: errors });
    }
    return { user, domain };
  }
}

/** Lower-case, without a trailing dot: how names are stored. Filters match on this form. */
export function canonicalName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** The domain name rules of the whole service (domain-name.ts), as a field error. */
function checkDomain(fqdn: string): string {
  try {
    return normalizeDomain(fqdn);
  } catch (error) {
    if (!(error instanceof InvalidNameError)) throw error;
    throw new AppError('invalid_input', error.message, { fields: { fqdn: error.message } });
  }
}
