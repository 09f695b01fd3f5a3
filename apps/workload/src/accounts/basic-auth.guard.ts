import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { parseBearerAuthorization, TokenCodec } from '../auth/token-codec';
import { AppError } from '../common/app-error';
import { AuthLimits } from '../limits/auth-limits';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AccountsService } from './accounts.service';
import { parseBasicAuthorization } from './basic-credentials';
import type { User } from './user.entity';

export type AuthenticatedRequest = Request & { user: User };

/**
 * HTTP Basic authentication, or an access token from `POST /api/v1/auth/token/` sent as
 * `Authorization: Bearer <token>`; the user lands on `request.user`.
 */
@Injectable()
export class BasicAuthGuard implements CanActivate {
  private readonly tokens: TokenCodec;

  constructor(
    private readonly accounts: AccountsService,
    private readonly limits: AuthLimits,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tokens = new TokenCodec(config.secretKey);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // With trusted proxies configured, Express takes the client from X-Forwarded-For.
    const client = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const header = request.headers.authorization;
    const username = parseBasicAuthorization(header)?.username;
    const block = this.limits.blocked(client, username);
    // A user under attack keeps working with credentials verified before the attack began.
    if (block?.by === 'address') throw this.limits.tooMany(block);
    let user: User;
    try {
      user = await this.authenticate(header, block === undefined);
    } catch (error) {
      if (block) throw this.limits.tooMany(block);
      if (error instanceof AppError && error.code === 'unauthorized' && header)
        this.limits.failed(client, username);
      throw error;
    }
    this.limits.checkNetwork(user, client);
    request.user = user;
    return true;
  }

  private async authenticate(header: string | undefined, allowHashing: boolean): Promise<User> {
    const bearer = parseBearerAuthorization(header);
    if (bearer !== null) {
      const claims = this.tokens.verify(bearer, 'access');
      const user = claims && (await this.accounts.findActiveById(claims.user_id));
      if (!user) throw new AppError('unauthorized', 'the access token is invalid or expired');
      return user;
    }
    const credentials = parseBasicAuthorization(header);
    if (!credentials) {
      throw new AppError(
        'unauthorized',
        'authentication required: send HTTP Basic credentials or a bearer token',
      );
    }
    const user = await this.accounts.authenticate(credentials.username, credentials.password, {
      allowHashing,
    });
    if (!user) throw new AppError('unauthorized', 'invalid username or password');
    return user;
  }
}
