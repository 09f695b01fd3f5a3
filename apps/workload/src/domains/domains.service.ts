import { Injectable } from '@nestjs/common';
import type { User } from '../accounts/user.entity';
import { UsersRepository } from '../accounts/users.repository';
import { AppError } from '../common/app-error';
import { isUniqueViolation } from '../database/unique-violation';
import { Transactions } from '../database/transactions';
import type { AccessLevel } from './access-level';
import type { Grant } from './authorization';
import type { DomainPermission } from './domain-permission.entity';
import type { Domain } from './domain.entity';
import { canonicalName, InvalidNameError, normalizeDomain } from './domain-name';
import { DomainsRepository } from './domains.repository';
import { type GrantFailure, type GrantItem, GrantRequestError } from './grant-errors';
import { type GrantRequest, grantItems } from './grant-request';
import { type GrantFields, type GrantFilter, GrantsRepository } from './grants.repository';

export type { GrantRequest } from './grant-request';
export type { GrantFields, GrantFilter } from './grants.repository';

export interface UserGrants {
  readonly username: string;
  readonly domains: string[];
  readonly subdomains: string[];
}

export interface GrantOutcome {
  readonly granted: GrantItem[];
  /** Asked for, but held already: not an error, so provisioning scripts can run twice. */
  readonly unchanged: GrantItem[];
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

/** The domain name rules of the whole service (domain-name.ts), as a field error. */
function checkDomain(fqdn: string): string {
  try {
    return normalizeDomain(fqdn);
  } catch (error) {
    if (!(error instanceof InvalidNameError)) throw error;
    throw new AppError('invalid_input', error.message, { fields: { fqdn: error.message } });
  }
}

async function requireUser(users: UsersRepository, username: string): Promise<User> {
  const user = await users.findByUsername(username);
  if (!user) throw new AppError('not_found', `User "${username}" does not exist`);
  return user;
}

/** The rules of domains and grants: the only writer of both tables. */
@Injectable()
export class DomainsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
    private readonly domains: DomainsRepository,
    private readonly grants: GrantsRepository,
  ) {}

  /** Grants every item, or none of them. */
  async allow(username: string, request: GrantRequest, note?: string): Promise<GrantOutcome> {
    const items = grantItems('grant', request);
    return this.transactions.run(async (transaction) => {
      const user = await requireUser(this.users.in(transaction), username);
      const domains = this.domains.in(transaction);
      const grants = this.grants.in(transaction);
      const outcome: GrantOutcome = { granted: [], unchanged: [] };
      for (const item of items) {
        const domain = await domains.findOrInsert(item.domain);
        const key = { userId: user.id, domainId: domain.id, accessLevel: item.accessLevel };
        const held = (await grants.find(key)) !== null;
        if (!held) await grants.insert({ ...key, text: note ?? null });
        (held ? outcome.unchanged : outcome.granted).push(item);
      }
      return outcome;
    });
  }

  /** Revokes every item, or none of them: each must be currently granted. */
  async revoke(username: string, request: GrantRequest): Promise<GrantItem[]> {
    const items = grantItems('revoke', request);
    return this.transactions.run(async (transaction) => {
      const user = await requireUser(this.users.in(transaction), username);
      const grants = this.grants.in(transaction);
      const domains = await this.domains
        .in(transaction)
        .findByFqdns(items.map((item) => item.domain));
      const byName = new Map(domains.map((domain) => [domain.fqdn, domain]));
      const failures: GrantFailure[] = [];
      const permissions: DomainPermission[] = [];
      for (const item of items) {
        const domain = byName.get(item.domain);
        if (!domain) {
          failures.push({ ...item, reason: 'Domain does not exist.' });
          continue;
        }
        const permission = await grants.find({
          userId: user.id,
          domainId: domain.id,
          accessLevel: item.accessLevel,
        });
        if (!permission) {
          failures.push({
            ...item,
            reason: `"${username}" does not have ${item.accessLevel} access to it.`,
          });
          continue;
        }
        permissions.push(permission);
      }
      if (failures.length > 0) throw new GrantRequestError('revoke', failures);
      await grants.delete(permissions.map((permission) => permission.id));
      return items;
    });
  }

  /** One user's grants, or every user's for `'*'`, sorted by username then name. */
  async list(usernameOrAll: string): Promise<UserGrants[]> {
    const users =
      usernameOrAll === '*'
        ? await this.users.listByUsername()
        : [await requireUser(this.users, usernameOrAll)];
    if (users.length === 0) return [];
    const permissions = await this.grants.ofUsers(users.map((user) => user.id));
    return users.map((user) => {
      const mine = permissions.filter((permission) => permission.userId === user.id);
      const names = (level: AccessLevel) =>
        mine
          .filter((permission) => permission.accessLevel === level)
          .map((permission) => permission.domain?.fqdn ?? '')
          .sort();
      return { username: user.username, domains: names('domain'), subdomains: names('subdomain') };
    });
  }

  /** What a user may manage, for the authorization rule (it runs on every request). */
  grantsOf(userId: number): Promise<Grant[]> {
    return this.grants.grantsOf(userId);
  }

  /** How many grants each user holds. */
  grantCounts(userIds: readonly number[]): Promise<Map<number, number>> {
    return this.grants.countsByUser(userIds);
  }

  // Domains, one by one (the admin API and pages)

  /** In name order; the filters match names whatever their case or final dot. */
  listDomains(
    filter: { readonly fqdn?: string; readonly search?: string } = {},
  ): Promise<Domain[]> {
    return this.domains.list({
      fqdn: filter.fqdn === undefined ? undefined : canonicalName(filter.fqdn),
      search: filter.search ? canonicalName(filter.search) : undefined,
    });
  }

  async domainSummaries(search?: string): Promise<DomainSummary[]> {
    const domains = await this.listDomains({ search });
    const holders = await this.grants.holders(domains.map((domain) => domain.id));
    return domains.map((domain) => ({
      domain,
      holders: holders
        .filter((holder) => holder.domainId === domain.id)
        .map(({ userId, username, accessLevel }) => ({ userId, username, accessLevel })),
    }));
  }

  async getDomain(id: number): Promise<Domain> {
    const domain = await this.domains.findById(id);
    if (!domain) throw notFound('domain', id);
    return domain;
  }

  async createDomain(fqdn: string): Promise<Domain> {
    const name = checkDomain(fqdn);
    if (await this.domains.existsByFqdn(name)) throw duplicateDomain();
    try {
      return await this.domains.insert(name);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateDomain();
      throw error;
    }
  }

  async renameDomain(id: number, fqdn: string): Promise<Domain> {
    const domain = await this.getDomain(id);
    const name = checkDomain(fqdn);
    if (name === domain.fqdn) return domain;
    if (await this.domains.existsByFqdn(name)) throw duplicateDomain();
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
    await this.domains.delete(id);
    return domain;
  }

  // Grants, one by one (the admin API and pages)

  listPermissions(filter: GrantFilter = {}): Promise<DomainPermission[]> {
    return this.grants.list(
      filter.fqdn === undefined ? filter : { ...filter, fqdn: canonicalName(filter.fqdn) },
    );
  }

  async getPermission(id: number): Promise<DomainPermission> {
    const permission = await this.grants.findById(id);
    if (!permission) throw notFound('domain user permission', id);
    return permission;
  }

  /** Grants as `allow` does; a grant held already is an error here, as in the Python API. */
  async createPermission(fields: GrantFields): Promise<DomainPermission> {
    const { user, domain } = await this.references(fields);
    try {
      const outcome = await this.allow(
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
    const created = await this.grants.find({
      userId: user.id,
      domainId: domain.id,
      accessLevel: fields.accessLevel,
    });
    if (!created) throw new AppError('internal', 'a grant just made cannot be read back');
    return created;
  }

  async updatePermission(id: number, fields: GrantFields): Promise<DomainPermission> {
    const permission = await this.getPermission(id);
    await this.references(fields);
    permission.userId = fields.userId;
    permission.domainId = fields.domainId;
    permission.accessLevel = fields.accessLevel;
    permission.text = fields.text;
    try {
      await this.grants.update(id, fields);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateGrant();
      throw error;
    }
    return permission;
  }

  async deletePermission(id: number): Promise<void> {
    await this.getPermission(id);
    await this.grants.delete([id]);
  }

  /** The user and the domain a grant names; each missing one is a field error. */
  private async references(fields: GrantFields): Promise<{ user: User; domain: Domain }> {
    const [user, domain] = await Promise.all([
      this.users.findById(fields.userId),
      this.domains.findById(fields.domainId),
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
