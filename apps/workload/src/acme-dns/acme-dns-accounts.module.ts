import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { DomainsModule } from '../domains/domains.module';
import { AcmeDnsAccounts } from './acme-dns-accounts';

/**
 * acme-dns accounts, for administration whether or not the API is served (they say what to
 * configure when it is not), and for the API itself.
 */
@Module({
  imports: [AccountsModule, DomainsModule],
  providers: [AcmeDnsAccounts],
  exports: [AcmeDnsAccounts],
})
export class AcmeDnsAccountsModule {}
