import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { IdentityModule } from '../identity/identity.module';
import { RecordsModule } from '../records/records.module';
import { AcmeDnsAccountsModule } from './acme-dns-accounts.module';
import { AcmeDnsController } from './acme-dns.controller';
import { AcmeDnsService } from './acme-dns.service';
import { ApiKeyGuard } from './api-key.guard';

/** The acme-dns API: accounts as users with one grant, updates through the record store. */
@Module({
  imports: [IdentityModule, AcmeDnsAccountsModule, RecordsModule],
  controllers: [AcmeDnsController],
  providers: [AcmeDnsService, ApiKeyGuard],
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
