import { Module } from '@nestjs/common';
import { AdminApiModule } from '../admin-api/admin-api.module';
import { IdentityModule } from '../identity/identity.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainsModule } from '../domains/domains.module';
import { RecordsModule } from '../records/records.module';
import { AdminPageFilter } from './admin-page.filter';
import { AdminSessionGuard } from './admin-session.guard';
import { AdminWebController } from './admin-web.controller';
import { AdminAssets, ASSETS_DIR } from './assets';
import { CsrfTokens } from './csrf';

/** The admin pages at /admin. */
@Module({
  imports: [DomainsModule, IdentityModule, AdminApiModule, RecordsModule],
  controllers: [AdminWebController],
  providers: [
    {
      provide: CsrfTokens,
      useFactory: (config: AppConfig) => new CsrfTokens(config.secretKey),
      inject: [APP_CONFIG],
    },
    { provide: AdminAssets, useFactory: () => new AdminAssets(ASSETS_DIR) },
    AdminSessionGuard,
    AdminPageFilter,
  ],
})
export class AdminWebModule {}
