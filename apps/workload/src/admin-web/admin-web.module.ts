import { Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { AdminApiModule } from '../admin-api/admin-api.module';
import { IdentityModule } from '../identity/identity.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainsModule } from '../domains/domains.module';
import { RecordsModule } from '../records/records.module';
import { AdminPageFilter } from './admin-page.filter';
import { AdminSessionGuard } from './admin-session.guard';
import { AdminWebController } from './admin-web.controller';
import { adminSecurityHeaders } from './security-headers';
import { AdminAssets, ASSETS_DIR } from './assets';
import { adminKey } from './admin-cookies';
import { AdminCsrf } from './admin-csrf';

/** The admin pages at /admin. */
@Module({
  imports: [DomainsModule, IdentityModule, AdminApiModule, RecordsModule],
  controllers: [AdminWebController],
  providers: [
    {
      provide: AdminCsrf,
      useFactory: (config: AppConfig) => new AdminCsrf(adminKey(config.secretKey, 'csrf')),
      inject: [APP_CONFIG],
    },
    { provide: AdminAssets, useFactory: () => new AdminAssets(ASSETS_DIR) },
    AdminSessionGuard,
    AdminPageFilter,
  ],
})
export class AdminWebModule implements NestModule {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(cookieParser(adminKey(this.config.secretKey, 'cookies')), adminSecurityHeaders)
      .forRoutes(AdminWebController);
  }
}
