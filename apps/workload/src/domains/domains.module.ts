import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { DomainPermission } from './domain-permission.entity';
import { Domain } from './domain.entity';
import { DomainsRepository } from './domains.repository';
import { DomainsService } from './domains.service';
import { GrantsRepository } from './grants.repository';

@Module({
  imports: [TypeOrmModule.forFeature([Domain, DomainPermission]), AccountsModule],
  providers: [DomainsService, DomainsRepository, GrantsRepository],
  exports: [DomainsService, DomainsRepository, GrantsRepository],
})
export class DomainsModule {}
