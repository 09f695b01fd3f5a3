import { Injectable } from '@nestjs/common';
import { checkUsername } from '../accounts/username';
import { UsersRepository } from '../accounts/users.repository';
import { AppError } from '../common/app-error';
import { type Transaction, Transactions } from '../database/transactions';
import { ACCESS_LEVELS, type AccessLevel } from '../domains/access-level';
import { ACME_CHALLENGE_PREFIX, InvalidNameError, normalizeDomain } from '../domains/domain-name';
import { DomainsRepository } from '../domains/domains.repository';
import { GrantsRepository } from '../domains/grants.repository';
import type { DjangoData, DjangoUser } from './django-source';
import { emptyCounts, type ImportReport } from './import-report';

/** Thrown inside the transaction to roll a dry run back. */
class DryRunRollback extends Error {}

/** The three tables, inside the import's transaction. */
interface Tables {
  readonly users: UsersRepository;
  readonly domains: DomainsRepository;
  readonly grants: GrantsRepository;
}

/** Django hashes we can verify; others are kept, and their users must be given a new password. */
const VERIFIABLE = /^pbkdf2_sha256\$\d+\$[^$]+\$[A-Za-z0-9+/=]+$/;

/**
 * Takes over a Python deployment's users, domains and grants. Password hashes are kept as they
 * are (each is upgraded at its user's next login). Running it twice changes nothing the second
 * time; a dry run reports the same and writes nothing.
 */
@Injectable()
export class TakeoverService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
    private readonly domains: DomainsRepository,
    private readonly grants: GrantsRepository,
  ) {}

  async importDjango(data: DjangoData, dryRun: boolean): Promise<ImportReport> {
    let report: ImportReport | undefined;
    try {
      await this.transactions.run(async (transaction) => {
        report = await this.apply(this.tables(transaction), data, dryRun);
        if (dryRun) throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    if (!report) throw new AppError('internal', 'the import produced no report');
    return report;
  }

  private tables(transaction: Transaction): Tables {
    return {
      users: this.users.in(transaction),
      domains: this.domains.in(transaction),
      grants: this.grants.in(transaction),
    };
  }

  private async apply(tables: Tables, data: DjangoData, dryRun: boolean): Promise<ImportReport> {
    const report: ImportReport = {
      users: emptyCounts(),
      domains: emptyCounts(),
      grants: emptyCounts(),
      skipped: [],
      dryRun,
    };
    const userIds = new Map<number, number>();
    for (const source of data.users) {
      const id = await this.importUser(tables.users, source, report);
      if (id !== undefined) userIds.set(source.id, id);
    }
    const domainIds = new Map<number, number>();
    for (const source of data.domains) {
      let fqdn: string;
      try {
        const bare = source.fqdn.toLowerCase().startsWith(ACME_CHALLENGE_PREFIX)
          ? source.fqdn.slice(ACME_CHALLENGE_PREFIX.length)
          : source.fqdn;
        fqdn = normalizeDomain(bare);
      } catch (error) {
        if (!(error instanceof InvalidNameError)) throw error;
        report.domains.skipped += 1;
        report.skipped.push(`domain ${source.id}: ${error.message}`);
        continue;
      }
      const existing = await tables.domains.findByFqdn(fqdn);
      if (existing) {
        report.domains.unchanged += 1;
        domainIds.set(source.id, existing.id);
      } else {
        const created = await tables.domains.insert(fqdn);
        report.domains.created += 1;
        domainIds.set(source.id, created.id);
      }
    }
    for (const source of data.permissions) {
      const userId = userIds.get(source.userId);
      const domainId = domainIds.get(source.domainId);
      const level = source.accessLevel as AccessLevel;
      const reason = !ACCESS_LEVELS.includes(level)
        ? `the access level "${source.accessLevel}" is neither domain nor subdomain`
        : userId === undefined
          ? `its user (${source.userId}) was skipped`
          : domainId === undefined
            ? `its domain (${source.domainId}) was skipped`
            : undefined;
      if (reason || userId === undefined || domainId === undefined) {
        report.grants.skipped += 1;
        report.skipped.push(`grant ${source.id}: ${reason}`);
        continue;
      }
      const text = source.text === '' ? null : source.text;
      const existing = await tables.grants.find({ userId, domainId, accessLevel: level });
      if (!existing) {
        await tables.grants.insert({ userId, domainId, accessLevel: level, text });
        report.grants.created += 1;
      } else if (existing.text !== text) {
        await tables.grants.update(existing.id, { text });
        report.grants.updated += 1;
      } else {
        report.grants.unchanged += 1;
      }
    }
    return report;
  }

  private async importUser(
    users: UsersRepository,
    source: DjangoUser,
    report: ImportReport,
  ): Promise<number | undefined> {
    try {
      checkUsername(source.username);
    } catch (error) {
      report.users.skipped += 1;
      report.skipped.push(`user ${source.id}: ${(error as Error).message}`);
      return undefined;
    }
    const existing = await users.findByUsername(source.username);
    const clash = existing ? null : await users.findUsernameClash(source.username);
    if (clash) {
      report.users.skipped += 1;
      report.skipped.push(
        `user ${source.id}: "${source.username}" differs only in case from the user "${clash.username}" (usernames must differ by more than case)`,
      );
      return undefined;
    }
    if (!VERIFIABLE.test(source.password)) {
      report.skipped.push(
        `user "${source.username}": imported, but its password cannot be checked here (${source.password.split('$')[0] || 'none'}): give it a new one with create-user`,
      );
    }
    const wanted = { email: source.email, isAdmin: source.isStaff, isActive: source.isActive };
    if (!existing) {
      const created = await users.insert({
        username: source.username,
        passwordHash: source.password,
        ...wanted,
      });
      report.users.created += 1;
      return created.id;
    }
    // A user who has logged in here since has a newer hash of ours: never put the old one back.
    const passwordHash = existing.passwordHash.startsWith('pbkdf2_')
      ? source.password
      : existing.passwordHash;
    const changed =
      existing.email !== wanted.email ||
      existing.isAdmin !== wanted.isAdmin ||
      existing.isActive !== wanted.isActive ||
      existing.passwordHash !== passwordHash;
    if (changed) {
      await users.update(existing.id, { ...wanted, passwordHash });
      report.users.updated += 1;
    } else {
      report.users.unchanged += 1;
    }
    return existing.id;
  }
}
