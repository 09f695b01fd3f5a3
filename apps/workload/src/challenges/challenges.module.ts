import { Module } from '@nestjs/common';
import { DomainsModule } from '../domains/domains.module';
import { IdentityModule } from '../identity/identity.module';
import { RecordsModule } from '../records/records.module';
import { ChallengesController } from './challenges.controller';
import { ChallengesService } from './challenges.service';

@Module({
  imports: [IdentityModule, DomainsModule, RecordsModule],
  controllers: [ChallengesController],
  providers: [ChallengesService],
})
export class ChallengesModule {}
