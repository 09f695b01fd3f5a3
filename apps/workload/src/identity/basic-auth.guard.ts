import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { User } from '../accounts/user.entity';
import { AppError } from '../common/app-error';
import { attemptContext, clientAddress } from './attempt-context';
import { AuthenticationService } from './authentication.service';
import { parseBasicAuthorization } from './basic-credentials';
import { mayConnectFrom } from './networks';
import { parseBearerAuthorization } from './token-codec';

export type AuthenticatedRequest = Request & { user: User };

/**
 * HTTP Basic authentication, or an access token from `POST /api/v1/auth/token/` sent as
 * `Authorization: Bearer <token>`; the user lands on `request.user`. A user limited to some
 * networks is refused from anywhere else.
 */
@Injectable()
export class BasicAuthGuard implements CanActivate {
  constructor(private readonly authentication: AuthenticationService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = await this.authenticate(request);
    const client = clientAddress(request);
    if (!mayConnectFrom(user.allowedNetworks, client)) {
      throw new AppError('forbidden', `The user ${user.username} may not connect from ${client}`);
    }
    request.user = user;
    return true;
  }

  private async authenticate(request: Request): Promise<User> {
    const header = request.headers.authorization;
    const bearer = parseBearerAuthorization(header);
    if (bearer !== null) {
      const user = await this.authentication.userOfAccessToken(bearer);
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
    const user = await this.authentication.authenticate(
      credentials.username,
      credentials.password,
      attemptContext(request),
    );
    if (!user) throw new AppError('unauthorized', 'invalid username or password');
    return user;
  }
}
