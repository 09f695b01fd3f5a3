import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppError } from '../common/app-error';
import { AccountsService } from './accounts.service';
import { parseBasicAuthorization } from './basic-credentials';
import type { User } from './user.entity';

export type AuthenticatedRequest = Request & { user: User };

/** HTTP Basic authentication; the user lands on `request.user`. */
@Injectable()
export class BasicAuthGuard implements CanActivate {
  constructor(private readonly accounts: AccountsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credentials = parseBasicAuthorization(request.headers.authorization);
    if (!credentials) {
      throw new AppError('unauthorized', 'authentication required: send HTTP Basic credentials');
    }
    const user = await this.accounts.authenticate(credentials.username, credentials.password);
    if (!user) throw new AppError('unauthorized', 'invalid username or password');
    request.user = user;
    return true;
  }
}
