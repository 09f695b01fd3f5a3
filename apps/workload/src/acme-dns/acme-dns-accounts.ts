import { Inject, Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Grant } from '../domains/authorization';
import { DomainsService } from '../domains/domains.service';
import { type AcmeDnsAccount, newAccountCredentials } from './wire';

/** The note on an acme-dns account's grant, shown with the user's grants; it finds the accounts. */
const GRANT_NOTE = 'acme-dns account';

/** An acme-dns account as administrators see it: everything but its key. */
export interface AcmeDnsAccountSummary extends Omit<AcmeDnsAccount, 'password'> {
  /** The user's id. */
  readonly id: number;
  readonly createdAt: Date;
}

/**
 * acme-dns accounts as our users: a user named by acme-dns's UUID, its key as the password (hashed
 * like any), granted exactly `<subdomain>.<zone>`, and limited to `allowfrom` as the user's
 * networks. The one place that makes, finds and deletes them; everything fails with a message
 * naming HLP_ACMEDNS_ZONE while the zone is not configured.
 */
@Injectable()
export class AcmeDnsAccounts {
  constructor(
    private readonly accounts: AccountsService,
    private readonly domains: DomainsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.acmeDnsZone !== undefined;
  }

  /** What clients take as their acme-dns server, from the origin links start with (or none). */
  serverUrl(origin: string): string | undefined {
    return origin ? `${origin}${this.config.acmeDnsPrefix}` : undefined;
  }

  /** A new account, limited to the given networks (normalised CIDR), or none left behind. */
  async register(allowFrom: readonly string[]): Promise<AcmeDnsAccount> {
    const zone = this.zone();
    const { username, password, subdomain } = newAccountCredentials();
    const fulldomain = `${subdomain}.${zone}`;
    await this.accounts.createUser(username, { password });
    try {
      const networks =
        allowFrom.length > 0 ? await this.accounts.setAllowedNetworks(username, allowFrom) : [];
      await this.domains.allow(username, { domains: [fulldomain] }, GRANT_NOTE);
      return { username, password, fulldomain, subdomain, allowfrom: networks };
    } catch (error) {
      await this.accounts.deleteUser(username);
      throw error;
    }
  }

  /** The accounts of the configured zone, oldest first. */
  list(): Promise<AcmeDnsAccountSummary[]> {
    return this.find({});
  }

  /** Deletes the account's user, its grant and its name; another user is not found here. */
  async delete(id: number): Promise<AcmeDnsAccountSummary> {
    const [account] = await this.find({ userId: id });
    if (!account) throw new AppError('not_found', `no acme-dns account with id ${id}`);
    await this.accounts.deleteUser(account.username);
    const [domain] = await this.domains.listDomains({ fqdn: account.fulldomain });
    if (domain) await this.domains.deleteDomain(domain.id);
    return account;
  }

  grantsOf(userId: number): Promise<Grant[]> {
    return this.domains.grantsOf(userId);
  }

  /** The users holding an account's grant: its note, on one name of the zone. */
  private async find(filter: { readonly userId?: number }): Promise<AcmeDnsAccountSummary[]> {
    const suffix = `.${this.zone()}`;
    const grants = await this.domains.listPermissions({ ...filter, text: GRANT_NOTE });
    return grants.flatMap(({ user, domain, accessLevel }) => {
      const fulldomain = domain?.fqdn ?? '';
      if (!user || accessLevel !== 'domain' || !fulldomain.endsWith(suffix)) return [];
      return [
        {
          id: user.id,
          username: user.username,
          fulldomain,
          subdomain: fulldomain.slice(0, -suffix.length),
          allowfrom: user.allowedNetworks ? user.allowedNetworks.split(',') : [],
          createdAt: user.createdAt,
        },
      ];
    });
  }

  private zone(): string {
    if (this.config.acmeDnsZone === undefined) {
      throw new AppError('conflict', 'the acme-dns API is off: set HLP_ACMEDNS_ZONE');
    }
    return this.config.acmeDnsZone;
  }
}
