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

export function clientAddress(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}

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
    const client = clientAddress(request);
    const header = request.headers.authorization;
    // Only presented credentials count as failures; a bare request is just told to authenticate.
    const user = header
      ? await this.limits.attempt(
          client,
          parseBasicAuthorization(header)?.username,
          (allowHashing) => this.authenticate(header, allowHashing),
        )
      : await this.authenticate(header, true);
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
