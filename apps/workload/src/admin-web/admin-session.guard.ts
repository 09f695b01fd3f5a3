import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { SessionsService } from '../identity/sessions.service';
import { type AdminRequest, SignInRequired } from './admin-request';
import { cookieOf, SESSION_COOKIE } from './admin-cookies';
import { AdminCsrf } from './admin-csrf';

/**
 * Admin pages: a signed-in, active administrator (else back to the sign-in page), and for every
 * form a CSRF token bound to the session, from a page of this site.
 */
@Injectable()
export class AdminSessionGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionsService,
    private readonly csrf: AdminCsrf,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const reading = request.method === 'GET' || request.method === 'HEAD';
    const token = cookieOf(request, SESSION_COOKIE);
    const user = token ? await this.sessions.resolve(token) : null;
    if (!token || !user) throw new SignInRequired(reading ? request.originalUrl : undefined);
    request.user = user;
    request.adminSession = token;
    if (!reading) this.csrf.check(request, `session:${token}`);
    return true;
  }
}
