import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AccountReads } from '../database/account-reads';
import { rawQuery } from '../database/raw-query';
import type { Transaction } from '../database/transactions';
import type { AccessLevel } from './access-level';
import type { Grant } from './authorization';
import { DomainPermission } from './domain-permission.entity';

export interface GrantFilter {
  readonly username?: string;
  /** Canonical name. */
  readonly fqdn?: string;
  readonly userId?: number;
  /** Exactly this note. */
  readonly text?: string;
}

export interface GrantKey {
  readonly userId: number;
  readonly domainId: number;
  readonly accessLevel: AccessLevel;
}

export interface GrantFields extends GrantKey {
  readonly text: string | null;
}

/** Who holds a grant on a domain. */
export interface Holder {
  readonly domainId: number;
  readonly userId: number;
  readonly username: string;
  readonly accessLevel: AccessLevel;
}

/** The `domain_permissions` table (grants): every query on it, and the only code that writes it. */
@Injectable()
export class GrantsRepository {
  constructor(
    @InjectRepository(DomainPermission) private readonly grants: Repository<DomainPermission>,
    private readonly reads: AccountReads,
  ) {}

  /** The same table inside a transaction (read there, never from memory). */
  in(transaction: Transaction): GrantsRepository {
    return new GrantsRepository(transaction.getRepository(DomainPermission), new AccountReads());
  }

  /**
   * What a user may manage, for the authorization rule: it runs on every request, so it is one
   * plain query, kept while the database announces no change.
   */
  async grantsOf(userId: number): Promise<Grant[]> {
    const grants = await this.reads.read(
      `grants of ${userId}`,
      () =>
        rawQuery<Grant>(
          this.grants.manager.connection,
          'SELECT d.fqdn AS "domain", p.access_level AS "accessLevel" FROM domain_permissions p ' +
            'JOIN domains d ON d.id = p.domain_id WHERE p.user_id = :userId',
          { userId },
        ),
      () => true,
    );
    return grants.map((grant) => ({ ...grant }));
  }

  findById(id: number): Promise<DomainPermission | null> {
    return this.grants.findOneBy({ id });
  }

  find(key: GrantKey): Promise<DomainPermission | null> {
    return this.grants.findOneBy({ ...key });
  }

  /** Every grant of these users, with its domain. */
  ofUsers(userIds: readonly number[]): Promise<DomainPermission[]> {
    return this.grants.find({ where: { userId: In([...userIds]) }, relations: { domain: true } });
  }

  /** In creation order, with their domains and users. */
  list(filter: GrantFilter = {}): Promise<DomainPermission[]> {
    const query = this.grants
      .createQueryBuilder('permission')
      .innerJoinAndSelect('permission.domain', 'domain')
      .innerJoinAndSelect('permission.user', 'account')
      .orderBy('permission.id', 'ASC');
    if (filter.username !== undefined) {
      query.andWhere('account.username = :username', { username: filter.username });
    }
    if (filter.userId !== undefined) {
      query.andWhere('permission.userId = :userId', { userId: filter.userId });
    }
    if (filter.fqdn !== undefined) query.andWhere('domain.fqdn = :fqdn', { fqdn: filter.fqdn });
    if (filter.text !== undefined) query.andWhere('permission.text = :text', { text: filter.text });
    return query.getMany();
  }

  /** How many grants each user holds. */
  async countsByUser(userIds: readonly number[]): Promise<Map<number, number>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.grants
      .createQueryBuilder('permission')
      .select('permission.userId', 'userId')
      .addSelect('COUNT(*)', 'count')
      .where({ userId: In([...userIds]) })
      .groupBy('permission.userId')
      .getRawMany<{ userId: number | string; count: number | string }>();
    return new Map(rows.map((row) => [Number(row.userId), Number(row.count)]));
  }

  /** Who holds grants on these domains, by username. */
  async holders(domainIds: readonly number[]): Promise<Holder[]> {
    if (domainIds.length === 0) return [];
    const rows = await this.grants
      .createQueryBuilder('permission')
      .innerJoin('permission.user', 'account')
      .select('permission.domainId', 'domainId')
      .addSelect('permission.userId', 'userId')
      .addSelect('account.username', 'username')
      .addSelect('permission.accessLevel', 'accessLevel')
      .where({ domainId: In([...domainIds]) })
      .orderBy('account.username', 'ASC')
      .getRawMany<{
        domainId: number | string;
        userId: number | string;
        username: string;
        accessLevel: AccessLevel;
      }>();
    return rows.map((row) => ({
      domainId: Number(row.domainId),
      userId: Number(row.userId),
      username: row.username,
      accessLevel: row.accessLevel,
    }));
  }

  async insert(fields: GrantFields): Promise<void> {
    await this.grants.insert({ ...fields });
  }

  async update(id: number, fields: Partial<GrantFields>): Promise<void> {
    await this.grants.update({ id }, { ...fields });
  }

  async delete(ids: readonly number[]): Promise<void> {
    await this.grants.delete({ id: In([...ids]) });
  }
}
