import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { User } from '../accounts/user.entity';
import { AppError } from '../common/app-error';
import { rawQuery } from '../database/raw-query';
import type { AccessLevel } from './access-level';
import type { Grant } from './authorization';
import { DomainPermission } from './domain-permission.entity';
import { Domain } from './domain.entity';
import { InvalidNameError, normalizeDomain } from './domain-name';
import { type GrantFailure, type GrantItem, GrantRequestError } from './grant-errors';

export interface GrantRequest {
  readonly domains?: readonly string[];
  readonly subdomains?: readonly string[];
}

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

function requestedItems(request: GrantRequest): GrantItem[] {
  const items = [
    ...(request.domains ?? []).map((domain) => ({ domain, accessLevel: 'domain' as const })),
    ...(request.subdomains ?? []).map((domain) => ({ domain, accessLevel: 'subdomain' as const })),
  ];
  if (items.length === 0) {
    throw new AppError('invalid_input', 'nothing to do: give at least one domain or subdomain');
  }
  return items;
}

/** Normalises every item; throws one error listing each invalid name. */
function normalizeItems(verb: 'grant' | 'revoke', items: GrantItem[]): GrantItem[] {
  const failures: GrantFailure[] = [];
  const normalized: GrantItem[] = [];
  for (const item of items) {
    try {
      normalized.push({ ...item, domain: normalizeDomain(item.domain) });
    } catch (error) {
      if (!(error instanceof InvalidNameError)) throw error;
      failures.push({ ...item, reason: error.message });
    }
  }
  if (failures.length > 0) throw new GrantRequestError(verb, failures);
  const seen = new Set<string>();
  return normalized.filter((item) => {
    const key = `${item.accessLevel}:${item.domain}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

async function requireUser(manager: EntityManager, username: string): Promise<User> {
  const user = await manager.findOneBy(User, { username });
  if (!user) throw new AppError('not_found', `User "${username}" does not exist`);
  return user;
}

@Injectable()
export class DomainsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Grants every item, or none of them. */
  async allow(username: string, request: GrantRequest, note?: string): Promise<GrantOutcome> {
    const items = normalizeItems('grant', requestedItems(request));
    return this.dataSource.transaction(async (manager) => {
      const user = await requireUser(manager, username);
      const outcome: GrantOutcome = { granted: [], unchanged: [] };
      for (const item of items) {
        // Another writer may create the same domain at the same moment: insert-or-ignore, then read.
        await manager
          .createQueryBuilder()
          .insert()
          .into(Domain)
          .values({ fqdn: item.domain })
          .orIgnore()
          .updateEntity(false)
          .execute();
        const domain = await manager.findOneByOrFail(Domain, { fqdn: item.domain });
        const held = await manager.existsBy(DomainPermission, {
          userId: user.id,
          domainId: domain.id,
          accessLevel: item.accessLevel,
        });
        if (!held) {
          await manager.insert(DomainPermission, {
            userId: user.id,
            domainId: domain.id,
            accessLevel: item.accessLevel,
            text: note ?? null,
          });
        }
        (held ? outcome.unchanged : outcome.granted).push(item);
      }
      return outcome;
    });
  }

  /** Revokes every item, or none of them: each must be currently granted. */
  async revoke(username: string, request: GrantRequest): Promise<GrantItem[]> {
    const items = normalizeItems('revoke', requestedItems(request));
    return this.dataSource.transaction(async (manager) => {
      const user = await requireUser(manager, username);
      const domains = await manager.findBy(Domain, { fqdn: In(items.map((item) => item.domain)) });
      const byName = new Map(domains.map((domain) => [domain.fqdn, domain]));
      const failures: GrantFailure[] = [];
      const permissions: DomainPermission[] = [];
      for (const item of items) {
        const domain = byName.get(item.domain);
        if (!domain) {
          failures.push({ ...item, reason: 'Domain does not exist.' });
          continue;
        }
        const permission = await manager.findOneBy(DomainPermission, {
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
      await manager.delete(DomainPermission, {
        id: In(permissions.map((permission) => permission.id)),
      });
      return items;
    });
  }

  /** One user's grants, or every user's for `'*'`, sorted by username then name. */
  async list(usernameOrAll: string): Promise<UserGrants[]> {
    const users =
      usernameOrAll === '*'
        ? await this.dataSource.getRepository(User).find({ order: { username: 'ASC' } })
        : [await requireUser(this.dataSource.manager, usernameOrAll)];
    if (users.length === 0) return [];
    const permissions = await this.dataSource.getRepository(DomainPermission).find({
      where: { userId: In(users.map((user) => user.id)) },
      relations: { domain: true },
    });
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

  /** What a user may manage, for the authorization rule (one plain query: it runs on every request). */
  grantsOf(userId: number): Promise<Grant[]> {
    return rawQuery<Grant>(
      this.dataSource,
      'SELECT d.fqdn AS "domain", p.access_level AS "accessLevel" FROM domain_permissions p ' +
        'JOIN domains d ON d.id = p.domain_id WHERE p.user_id = :userId',
      { userId },
    );
  }
}
