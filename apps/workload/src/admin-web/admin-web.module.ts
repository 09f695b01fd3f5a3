import {
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  RequestMethod,
} from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { AdministrationModule } from '../administration/administration.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainsModule } from '../domains/domains.module';
import { IdentityModule } from '../identity/identity.module';
import { RecordsModule } from '../records/records.module';
import { AcmeDnsController } from './acme-dns.controller';
import { adminKey } from './admin-cookies';
import { AdminCsrf } from './admin-csrf';
import { AdminPageFilter } from './admin-page.filter';
import { AdminPresenter } from './admin-presenter';
import { AdminSessionGuard } from './admin-session.guard';
import { AdminAssets, ASSETS_DIR } from './assets';
import { AssetsController } from './assets.controller';
import { ChangesController } from './changes.controller';
import { DomainsController } from './domains.controller';
import { GrantsController } from './grants.controller';
import { NotFoundController } from './not-found.controller';
import { adminSecurityHeaders } from './security-headers';
import { SignInController } from './sign-in.controller';
import { UsersController } from './users.controller';

// In this order: routes are matched as registered, and the last one takes every other address.
const CONTROLLERS = [
  SignInController,
  AssetsController,
  UsersController,
  GrantsController,
  DomainsController,
  AcmeDnsController,
  ChangesController,
  NotFoundController,
];

/** The admin pages at /admin. */
@Module({
  imports: [DomainsModule, IdentityModule, AdministrationModule, RecordsModule],
  controllers: CONTROLLERS,
  providers: [
    {
      provide: AdminCsrf,
      useFactory: (config: AppConfig) => new AdminCsrf(adminKey(config.secretKey, 'csrf')),
      inject: [APP_CONFIG],
    },
    { provide: AdminAssets, useFactory: () => new AdminAssets(ASSETS_DIR) },
    AdminPresenter,
    AdminSessionGuard,
    AdminPageFilter,
  ],
})
export class AdminWebModule implements NestModule {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(cookieParser(adminKey(this.config.secretKey, 'cookies')), adminSecurityHeaders)
      // By prefix, the address space NotFoundController closes: applied for each controller, every
      // route of theirs would add two layers that every other request (each /present) walks past.
      .forRoutes(
        { path: 'admin', method: RequestMethod.ALL },
        { path: 'admin/*path', method: RequestMethod.ALL },
      );
  }
}
