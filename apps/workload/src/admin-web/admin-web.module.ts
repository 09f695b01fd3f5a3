import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AdminApiModule } from '../admin-api/admin-api.module';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainsModule } from '../domains/domains.module';
import { RecordsModule } from '../records/records.module';
import { AdminPageFilter } from './admin-page.filter';
import { AdminSessionGuard } from './admin-session.guard';
import { AdminWebController } from './admin-web.controller';
import { CsrfTokens } from './csrf';
import { SignInLimiter } from './sign-in-limiter';

/** The admin pages at /admin. */
@Module({
  imports: [AccountsModule, DomainsModule, AuthModule, AdminApiModule, RecordsModule],
  controllers: [AdminWebController],
  providers: [
    {
      provide: CsrfTokens,
      useFactory: (config: AppConfig) => new CsrfTokens(config.secretKey),
      inject: [APP_CONFIG],
    },
    SignInLimiter,
    AdminSessionGuard,
    AdminPageFilter,
  ],
})
export class AdminWebModule {}
