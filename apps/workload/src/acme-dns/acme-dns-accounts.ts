import { type INestApplicationContext, Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import type { Grant } from '../domains/authorization';
import { DomainsService } from '../domains/domains.service';
import { type AcmeDnsAccount, newAccountCredentials } from './wire';

/** The note on an acme-dns account's grant, shown with the user's grants. */
const GRANT_NOTE = 'acme-dns account';

/**
 * acme-dns accounts as our users: a user named by acme-dns's UUID, its key as the password (hashed
 * like any), granted exactly `<subdomain>.<zone>`, and limited to `allowfrom` as the user's
 * networks. The one place the acme-dns module calls the account and grant services.
 */
@Injectable()
export class AcmeDnsAccounts {
  constructor(
    private readonly accounts: AccountsService,
    private readonly domains: DomainsService,
  ) {}

  /** For the CLI, whose context holds the services but not this module. */
  static in(app: INestApplicationContext): AcmeDnsAccounts {
    return new AcmeDnsAccounts(app.get(AccountsService), app.get(DomainsService));
  }

  /** A new account in `zone`, limited to the given networks (normalised CIDR), or none left behind. */
  async register(zone: string, allowFrom: readonly string[]): Promise<AcmeDnsAccount> {
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

  grantsOf(userId: number): Promise<Grant[]> {
    return this.domains.grantsOf(userId);
  }
}
