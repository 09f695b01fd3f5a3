import { Injectable } from '@nestjs/common';
import { AcmeDnsAccounts, type AcmeDnsAccountSummary } from '../acme-dns/acme-dns-accounts';
import type { StorageFile, StoredAccount } from '../acme-dns/acme-dns.schema';
import { type AcmeDnsAccount, clientStorage } from '../acme-dns/wire';
import {
  AccountsService,
  type UpsertedUser,
  type UpsertUserOptions,
  type UserChanges,
} from '../accounts/accounts.service';
import type { User } from '../accounts/user.entity';
import { AppError } from '../common/app-error';
import type { UserFilter } from '../accounts/users.repository';
import type { DomainPermission } from '../domains/domain-permission.entity';
import type { Domain } from '../domains/domain.entity';
import {
  type DomainSummary,
  DomainsService,
  type GrantFields,
  type GrantFilter,
} from '../domains/domains.service';
import { SessionsService } from '../identity/sessions.service';
import { TokensService } from '../identity/tokens.service';
import type { AcmeDnsAccountRequest } from './acme-dns-input.schema';
import { refuseOwnAccount } from './own-account';

export type { UserFilter } from '../accounts/users.repository';
export type { DomainSummary, GrantFields as PermissionFields } from '../domains/domains.service';
export type { AcmeDnsAccountSummary } from '../acme-dns/acme-dns-accounts';

/** An acme-dns account just registered, and what its client stores (shown this once). */
export interface AcmeDnsRegistration {
  readonly account: AcmeDnsAccount;
  readonly stored: StoredAccount | StorageFile;
}

/** The administrator making a change. */
export interface Actor {
  readonly id: number;
}

/**
 * What administrators do, for the REST API, the admin pages and the CLI alike: the accounts and
 * domains services' rules, plus those of administration itself (sign-ins end with a password or
 * a right taken away; nobody locks themselves out).
 */
@Injectable()
export class AdministrationService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly domains: DomainsService,
    private readonly tokens: TokensService,
    private readonly sessions: SessionsService,
    private readonly acmeDns: AcmeDnsAccounts,
  ) {}

  // Users

  /** Newest first, as the Python service orders them. */
  listUsers(filter: UserFilter = {}): Promise<User[]> {
    return this.accounts.list(filter);
  }

  async getUser(id: number): Promise<User> {
    const user = await this.accounts.findById(id);
    if (!user) throw new AppError('not_found', `no user with id ${id}`);
    return user;
  }

  requireUser(username: string): Promise<User> {
    return this.accounts.requireUser(username);
  }

  createUser(username: string, email: string, password?: string): Promise<UpsertedUser> {
    return this.accounts.createUser(username, { email, password });
  }

  /** Creates the user, or sets a new password (and the given flags) on an existing one: the CLI's. */
  upsertUser(username: string, options: UpsertUserOptions): Promise<UpsertedUser> {
    return this.accounts.upsertUser(username, options);
  }

  /** A new password ends the user's refresh tokens and admin sign-ins. */
  async updateUser(id: number, changes: UserChanges): Promise<User> {
    const user = await this.accounts.updateUser(id, changes);
    if (changes.password !== undefined) await this.endSignIns(user.id);
    return user;
  }

  /** Limits a user to some networks (CIDR); an empty list lifts the limit. */
  setAllowedNetworks(username: string, networks: readonly string[]): Promise<string[]> {
    return this.accounts.setAllowedNetworks(username, networks);
  }

  /** A new generated password, shown once; ends the user's tokens and sign-ins. */
  async resetPassword(username: string): Promise<UpsertedUser> {
    const result = await this.accounts.setPassword(username);
    await this.endSignIns(result.user.id);
    return result;
  }

  async setActive(username: string, isActive: boolean, by: Actor): Promise<User> {
    if (!isActive) refuseOwnAccount(by, await this.requireUser(username), 'deactivate');
    const user = await this.accounts.setActive(username, isActive);
    if (!isActive) await this.endSignIns(user.id);
    return user;
  }

  /** Taking administration away also ends the user's admin sign-ins. */
  async setAdmin(username: string, isAdmin: boolean, by: Actor): Promise<User> {
    if (!isAdmin) {
      const target = await this.requireUser(username);
      refuseOwnAccount(by, target, 'remove administration rights from');
    }
    const user = await this.accounts.setAdmin(username, isAdmin);
    if (!isAdmin) await this.sessions.endAll(user.id);
    return user;
  }

  async deleteUser(id: number, by: Actor): Promise<void> {
    const user = await this.getUser(id);
    refuseOwnAccount(by, user, 'delete');
    await this.accounts.deleteUser(user.username);
  }

  private async endSignIns(userId: number): Promise<void> {
    await this.tokens.revokeAll(userId);
    await this.sessions.endAll(userId);
  }

  /** The ids of these usernames (those that exist). */
  userIds(usernames: readonly string[]): Promise<Map<string, number>> {
    return this.accounts.idsOf(usernames);
  }

  /** How many grants each user holds. */
  grantCounts(userIds: readonly number[]): Promise<Map<number, number>> {
    return this.domains.grantCounts(userIds);
  }

  // Domains

  listDomains(
    filter: { readonly fqdn?: string; readonly search?: string } = {},
  ): Promise<Domain[]> {
    return this.domains.listDomains(filter);
  }

  domainSummaries(search?: string): Promise<DomainSummary[]> {
    return this.domains.domainSummaries(search);
  }

  getDomain(id: number): Promise<Domain> {
    return this.domains.getDomain(id);
  }

  createDomain(fqdn: string): Promise<Domain> {
    return this.domains.createDomain(fqdn);
  }

  renameDomain(id: number, fqdn: string): Promise<Domain> {
    return this.domains.renameDomain(id, fqdn);
  }

  /** Deletes the domain and every grant on it. */
  deleteDomain(id: number): Promise<Domain> {
    return this.domains.deleteDomain(id);
  }

  // Grants

  listPermissions(filter: GrantFilter = {}): Promise<DomainPermission[]> {
    return this.domains.listPermissions(filter);
  }

  getPermission(id: number): Promise<DomainPermission> {
    return this.domains.getPermission(id);
  }

  /** Grants as the CLI's `allow-domains` does; a grant held already is an error here. */
  createPermission(fields: GrantFields): Promise<DomainPermission> {
    return this.domains.createPermission(fields);
  }

  updatePermission(id: number, fields: GrantFields): Promise<DomainPermission> {
    return this.domains.updatePermission(id, fields);
  }

  deletePermission(id: number): Promise<void> {
    return this.domains.deletePermission(id);
  }

  // acme-dns accounts

  /** Whether HLP_ACMEDNS_ZONE is set: otherwise the methods below say to set it. */
  get acmeDnsEnabled(): boolean {
    return this.acmeDns.enabled;
  }

  /**
   * An account, whatever HLP_ACMEDNS_REGISTRATION says, and what its client stores; `origin` is
   * what links start with (the public URL, or none), for the server the client calls.
   */
  async registerAcmeDnsAccount(
    request: AcmeDnsAccountRequest,
    origin: string,
  ): Promise<AcmeDnsRegistration> {
    const account = await this.acmeDns.register(request.allowFrom);
    return {
      account,
      stored: clientStorage(account, this.acmeDns.serverUrl(origin), request.domain),
    };
  }

  listAcmeDnsAccounts(): Promise<AcmeDnsAccountSummary[]> {
    return this.acmeDns.list();
  }

  /** Deletes the account's user, grant and name; the id of any other user is not found. */
  deleteAcmeDnsAccount(id: number): Promise<AcmeDnsAccountSummary> {
    return this.acmeDns.delete(id);
  }
}
