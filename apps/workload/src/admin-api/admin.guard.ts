import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest } from '../identity/basic-auth.guard';
import { AppError } from '../common/app-error';

/** After authentication: administrators only (the Python service's `IsAdminUser`). */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { user } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!user?.isAdmin) {
      throw new AppError('forbidden', 'You do not have permission to perform this action.');
    }
    return true;
  }
}
