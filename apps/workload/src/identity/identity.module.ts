import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { PasswordsModule } from '../passwords/passwords.module';
import { AdminSession } from './admin-session.entity';
import { AuthenticationService } from './authentication.service';
import { BasicAuthGuard } from './basic-auth.guard';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { TokensController } from './tokens.controller';
import { TokensService } from './tokens.service';

/**
 * Who is calling: passwords checked under the abuse limits, the Basic/bearer guard, API tokens
 * and admin sign-ins.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([RefreshToken, AdminSession]),
    AccountsModule,
    PasswordsModule,
  ],
  controllers: [TokensController],
  providers: [
    AuthenticationService,
    BasicAuthGuard,
    TokensService,
    SessionsService,
    SessionsRepository,
    RefreshTokensRepository,
  ],
  exports: [AuthenticationService, BasicAuthGuard, TokensService, SessionsService],
})
export class IdentityModule {}
