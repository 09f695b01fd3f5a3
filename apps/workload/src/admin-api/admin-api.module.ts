import { Module } from '@nestjs/common';
import { AdministrationModule } from '../administration/administration.module';
import { IdentityModule } from '../identity/identity.module';
import { AcmeDnsAccountsController } from './acme-dns-accounts.controller';
import { AdminGuard } from './admin.guard';
import { DomainsController } from './domains.controller';
import { PermissionsController } from './permissions.controller';
import { UsersController } from './users.controller';

/** The Python service's admin REST API under /api/v1/ (users, domains, grants), and acme-dns accounts. */
@Module({
  imports: [AdministrationModule, IdentityModule],
  controllers: [
    UsersController,
    DomainsController,
    PermissionsController,
    AcmeDnsAccountsController,
  ],
  providers: [AdminGuard],
})
export class AdminApiModule {}
