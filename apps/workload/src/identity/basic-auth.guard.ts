import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { User } from '../accounts/user.entity';
import { attemptContext } from './attempt-context';
import { AuthenticationService } from './authentication.service';

export type AuthenticatedRequest = Request & { user: User };

/**
 * HTTP Basic authentication, or an access token sent as `Authorization: Bearer <token>` (see
 * AuthenticationService.callerOf); the user lands on `request.user`.
 */
@Injectable()
export class BasicAuthGuard implements CanActivate {
  constructor(private readonly authentication: AuthenticationService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.user = await this.authentication.callerOf(
      request.headers.authorization,
      attemptContext(request),
    );
    return true;
  }
}
