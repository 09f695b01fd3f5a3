import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AcmeDnsAccountsModule } from '../acme-dns/acme-dns-accounts.module';
import { DomainsModule } from '../domains/domains.module';
import { IdentityModule } from '../identity/identity.module';
import { AdministrationService } from './administration.service';

/** The admin rules, for the REST API, the admin pages and the CLI alike. */
@Module({
  imports: [AccountsModule, DomainsModule, IdentityModule, AcmeDnsAccountsModule],
  providers: [AdministrationService],
  exports: [AdministrationService],
})
export class AdministrationModule {}
