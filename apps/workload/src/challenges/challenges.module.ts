import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { DomainsModule } from '../domains/domains.module';
import { RecordsModule } from '../records/records.module';
import { ChallengesController } from './challenges.controller';
import { ChallengesService } from './challenges.service';

@Module({
  imports: [AccountsModule, DomainsModule, RecordsModule],
  controllers: [ChallengesController],
  providers: [ChallengesService],
})
export class ChallengesModule {}
