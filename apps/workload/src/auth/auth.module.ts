import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { AdminSession } from './admin-session.entity';
import { RefreshToken } from './refresh-token.entity';
import { SessionsService } from './sessions.service';
import { TokensController } from './tokens.controller';
import { TokensService } from './tokens.service';

/** Credentials beyond passwords: API tokens and admin sign-ins. */
@Module({
  imports: [TypeOrmModule.forFeature([RefreshToken, AdminSession]), AccountsModule],
  controllers: [TokensController],
  providers: [TokensService, SessionsService],
  exports: [TokensService, SessionsService],
})
export class AuthModule {}
