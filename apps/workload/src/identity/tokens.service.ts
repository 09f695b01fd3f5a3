import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { AttemptContext } from './attempt-context';
import { AuthenticationService } from './authentication.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { TokenCodec } from './token-codec';

/** What `POST /api/v1/auth/token/` and `…/refresh/` answer, as simplejwt does. */
export interface TokenPair {
  readonly refresh: string;
  readonly access: string;
}

function invalidRefreshToken(): AppError {
  return new AppError('unauthorized', 'the refresh token is invalid, expired or already used');
}

@Injectable()
export class TokensService {
  private readonly codec: TokenCodec;

  constructor(
    private readonly tokens: RefreshTokensRepository,
    private readonly accounts: AccountsService,
    private readonly authentication: AuthenticationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.codec = new TokenCodec(config.secretKey);
  }

  /** A new pair for an active user's username and password. */
  async obtain(username: string, password: string, context: AttemptContext): Promise<TokenPair> {
    const user = await this.authentication.authenticate(username, password, context);
    if (!user) {
      throw new AppError('unauthorized', 'No active account found with the given credentials');
    }
    return this.issue(user.id, randomUUID());
  }

  /**
   * Spends a refresh token and answers a new pair. A token can be spent once: presenting one
   * already spent means a copy leaked, so every token of its family is revoked.
   */
  async refresh(token: string): Promise<TokenPair> {
    const claims = this.codec.verify(token, 'refresh');
    if (!claims?.family) throw invalidRefreshToken();
    if (!(await this.tokens.spend(claims.jti))) {
      await this.tokens.deleteFamily(claims.family);
      throw invalidRefreshToken();
    }
    const user = await this.accounts.findActiveById(claims.user_id);
    if (!user) {
      await this.revokeAll(claims.user_id);
      throw invalidRefreshToken();
    }
    return this.issue(user.id, claims.family);
  }

  /** Ends every refresh token of a user (deactivated, password reset); access tokens expire soon. */
  async revokeAll(userId: number): Promise<void> {
    await this.tokens.deleteAllOf(userId);
  }

  private async issue(userId: number, family: string): Promise<TokenPair> {
    const access = this.codec.sign('access', userId, this.config.accessTokenSeconds);
    const refresh = this.codec.sign('refresh', userId, this.config.refreshTokenSeconds, family);
    await this.tokens.insert({
      id: refresh.claims.jti,
      userId,
      family,
      expiresAt: new Date(refresh.claims.exp * 1000),
    });
    // Spent tokens are kept until they expire, to recognise a replay; then they can go.
    await this.tokens.deleteExpiredOf(userId);
    return { refresh: refresh.token, access: access.token };
  }
}
