import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { DomainsModule } from '../domains/domains.module';
import { TakeoverService } from './takeover.service';

@Module({
  imports: [AccountsModule, DomainsModule],
  providers: [TakeoverService],
  exports: [TakeoverService],
})
export class TakeoverModule {}
