import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainPermission } from './domain-permission.entity';
import { Domain } from './domain.entity';
import { DomainsService } from './domains.service';

@Module({
  imports: [TypeOrmModule.forFeature([Domain, DomainPermission])],
  providers: [DomainsService],
  exports: [DomainsService],
})
export class DomainsModule {}
