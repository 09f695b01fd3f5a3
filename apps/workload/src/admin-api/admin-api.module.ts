import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { IdentityModule } from '../identity/identity.module';
import { DomainsModule } from '../domains/domains.module';
import { AdminGuard } from './admin.guard';
import { AdministrationService } from './administration.service';
import { DomainsController } from './domains.controller';
import { PermissionsController } from './permissions.controller';
import { UsersController } from './users.controller';

/** The Python service's admin REST API under /api/v1/ (users, domains, grants). */
@Module({
  imports: [AccountsModule, DomainsModule, IdentityModule],
  controllers: [UsersController, DomainsController, PermissionsController],
  providers: [AdministrationService, AdminGuard],
  exports: [AdministrationService],
})
export class AdminApiModule {}
