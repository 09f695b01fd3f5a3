import { Get, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { User } from '../accounts/user.entity';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { attemptContext } from '../identity/attempt-context';
import { AuthenticationService } from '../identity/authentication.service';
import { SessionsService } from '../identity/sessions.service';
import { AdminPages } from './admin-controller';
import { clearCookie, cookieOf, SESSION_COOKIE, setCookie, SIGN_IN_COOKIE } from './admin-cookies';
import { AdminCsrf, CSRF_REFUSED } from './admin-csrf';
import { signInFields } from './admin-forms';
import { SIGN_IN_REFUSED, tooManySignIns } from './admin-messages';
import { AdminPresenter } from './admin-presenter';
import { type AdminRequest, safeNext, seeOther } from './admin-request';
import { AdminSessionGuard } from './admin-session.guard';

/** Signing in and out of the admin pages. */
@AdminPages()
export class SignInController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly sessions: SessionsService,
    private readonly csrf: AdminCsrf,
    private readonly pages: AdminPresenter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  root(@Res() response: Response): void {
    seeOther(response, '/admin/users');
  }

  @Get('sign-in')
  async signInForm(@Req() request: Request, @Res() response: Response): Promise<void> {
    const session = cookieOf(request, SESSION_COOKIE);
    const next = safeNext(request.query.next);
    if (session && (await this.sessions.resolve(session))) {
      seeOther(response, next);
      return;
    }
    this.pages.signIn(request, response, 200, { next });
  }

  @Post('sign-in')
  async signIn(@Req() request: Request, @Res() response: Response): Promise<void> {
    const binding = cookieOf(request, SIGN_IN_COOKIE);
    if (!binding) throw new AppError('forbidden', CSRF_REFUSED);
    this.csrf.check(request, `sign-in:${binding}`);
    const { username, password, next } = signInFields(request.body);
    const form = { next, username };
    let user: User | null = null;
    try {
      if (username && password) {
        user = await this.authentication.authenticate(username, password, attemptContext(request));
      }
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'too_many_requests')) throw error;
      const wait = error.details.retryAfterSeconds ?? 1;
      response.setHeader('Retry-After', String(wait));
      this.pages.signIn(request, response, 429, { ...form, error: tooManySignIns(wait) });
      return;
    }
    if (!user?.isAdmin) {
      this.pages.signIn(request, response, 401, { ...form, error: SIGN_IN_REFUSED });
      return;
    }
    const session = await this.sessions.start(user.id);
    setCookie(request, response, SESSION_COOKIE, session.token, this.config.adminSessionSeconds);
    clearCookie(request, response, SIGN_IN_COOKIE);
    seeOther(response, next);
  }

  @Post('sign-out')
  @UseGuards(AdminSessionGuard)
  async signOut(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    await this.sessions.end(request.adminSession);
    clearCookie(request, response, SESSION_COOKIE);
    seeOther(response, '/admin/sign-in');
  }
}
