import { Module } from '@nestjs/common';
import { AdministrationModule } from '../administration/administration.module';
import { IdentityModule } from '../identity/identity.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainsModule } from '../domains/domains.module';
import { RecordsModule } from '../records/records.module';
import { AdminPageFilter } from './admin-page.filter';
import { AdminSessionGuard } from './admin-session.guard';
import { AdminWebController } from './admin-web.controller';
import { CsrfTokens } from './csrf';

/** The admin pages at /admin. */
@Module({
  imports: [DomainsModule, IdentityModule, AdministrationModule, RecordsModule],
  controllers: [AdminWebController],
  providers: [
    {
      provide: CsrfTokens,
      useFactory: (config: AppConfig) => new CsrfTokens(config.secretKey),
      inject: [APP_CONFIG],
    },
    AdminSessionGuard,
    AdminPageFilter,
  ],
})
export class AdminWebModule {}
