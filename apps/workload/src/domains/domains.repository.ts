import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { likeLiteral } from '../database/raw-query';
import type { Transaction } from '../database/transactions';
import { Domain } from './domain.entity';

export interface DomainFilter {
  /** Exactly this (canonical) name. */
  readonly fqdn?: string;
  /** Part of a (canonical) name. */
  readonly search?: string;
}

/** The `domains` table: every query on it, and the only code that writes it. */
@Injectable()
export class DomainsRepository {
  constructor(@InjectRepository(Domain) private readonly domains: Repository<Domain>) {}

  /** The same table inside a transaction. */
  in(transaction: Transaction): DomainsRepository {
    return new DomainsRepository(transaction.getRepository(Domain));
  }

  findById(id: number): Promise<Domain | null> {
    return this.domains.findOneBy({ id });
  }

  findByFqdn(fqdn: string): Promise<Domain | null> {
    return this.domains.findOneBy({ fqdn });
  }

  findByFqdns(fqdns: readonly string[]): Promise<Domain[]> {
    return this.domains.findBy({ fqdn: In([...fqdns]) });
  }

  existsByFqdn(fqdn: string): Promise<boolean> {
    return this.domains.existsBy({ fqdn });
  }

  /** In name order. */
  list(filter: DomainFilter = {}): Promise<Domain[]> {
    const query = this.domains.createQueryBuilder('domain').orderBy('domain.fqdn', 'ASC');
    if (filter.fqdn !== undefined) query.andWhere('domain.fqdn = :fqdn', { fqdn: filter.fqdn });
    if (filter.search) {
      query.andWhere("domain.fqdn LIKE :pattern ESCAPE '\\'", {
        pattern: `%${likeLiteral(filter.search)}%`,
      });
    }
    return query.getMany();
  }

  insert(fqdn: string): Promise<Domain> {
    return this.domains.save(this.domains.create({ fqdn }));
  }

  /** The domain with this name, created unless it exists (another writer may create it at the same moment). */
  async findOrInsert(fqdn: string): Promise<Domain> {
    await this.domains
      .createQueryBuilder()
      .insert()
      .into(Domain)
      .values({ fqdn })
      .orIgnore()
      .updateEntity(false)
      .execute();
    return this.domains.findOneByOrFail({ fqdn });
  }

  save(domain: Domain): Promise<Domain> {
    return this.domains.save(domain);
  }

  /** Deletes the domain; its grants go with it (ON DELETE CASCADE). */
  async delete(id: number): Promise<void> {
    await this.domains.delete({ id });
  }
}
