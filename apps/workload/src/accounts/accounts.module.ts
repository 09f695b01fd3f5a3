import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LimitsModule } from '../limits/limits.module';
import { AccountsService } from './accounts.service';
import { BasicAuthGuard } from './basic-auth.guard';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User]), LimitsModule],
  providers: [AccountsService, BasicAuthGuard, PasswordHasher],
  exports: [AccountsService, BasicAuthGuard],
})
export class AccountsModule {}
