import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { AccountsModule } from '../accounts/accounts.module';
import type { AppConfig } from '../config/app-config';
import { DomainsModule } from '../domains/domains.module';
import { IdentityModule } from '../identity/identity.module';
import { RecordsModule } from '../records/records.module';
import { AcmeDnsAccounts } from './acme-dns-accounts';
import { AcmeDnsController } from './acme-dns.controller';
import { AcmeDnsService } from './acme-dns.service';
import { ApiKeyGuard } from './api-key.guard';

/** The acme-dns API: accounts as users with one grant, updates through the record store. */
@Module({
  imports: [IdentityModule, AccountsModule, DomainsModule, RecordsModule],
  controllers: [AcmeDnsController],
  providers: [AcmeDnsService, AcmeDnsAccounts, ApiKeyGuard],
})
export class AcmeDnsModule {}

/** The module mounted at HLP_ACMEDNS_PREFIX when HLP_ACMEDNS_ZONE is set; nothing otherwise. */
export function acmeDnsModules(config: AppConfig): (Type | DynamicModule)[] {
  if (config.acmeDnsZone === undefined) return [];
  return [
    AcmeDnsModule,
    RouterModule.register([{ path: config.acmeDnsPrefix, module: AcmeDnsModule }]),
  ];
}
