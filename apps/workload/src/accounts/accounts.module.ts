import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordsModule } from '../passwords/passwords.module';
import { AccountsService } from './accounts.service';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

@Module({
  imports: [TypeOrmModule.forFeature([User]), PasswordsModule],
  providers: [AccountsService, UsersRepository],
  exports: [AccountsService, UsersRepository],
})
export class AccountsModule {}
