import { randomBytes } from 'node:crypto';
import {
  All,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { User } from '../accounts/user.entity';
import { AdministrationService } from '../administration/administration.service';
import { isEmail } from '../administration/user-input.schema';
import { parseRouteId as parseId } from '../common/input-fields';
import { attemptContext } from '../identity/attempt-context';
import { AuthenticationService } from '../identity/authentication.service';
import { SessionsService } from '../identity/sessions.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainsService, type GrantRequest } from '../domains/domains.service';
import { GrantRequestError } from '../domains/grant-errors';
import type { RecentChange } from '../records/recent-changes';
import { RecordStore } from '../records/record-store';
import { AdminPageFilter } from './admin-page.filter';
import { type AdminRequest, safeNext, seeOther, sendPage } from './admin-request';
import { AdminSessionGuard } from './admin-session.guard';
import { ASSETS } from './assets';
import {
  clearCookie,
  cookieOf,
  FLASH_COOKIE,
  SESSION_COOKIE,
  setCookie,
  SIGN_IN_COOKIE,
} from './cookies';
import { checkSameOrigin, CSRF_REFUSED, CsrfTokens, formToken } from './csrf';
import { type Flash, FlashCodec } from './flash';
import { changesPage } from './pages/changes';
import { domainsPage } from './pages/domains';
import { errorPage } from './pages/error';
import type { PageContext } from './pages/layout';
import { signInPage } from './pages/sign-in';
import { type GrantForm, type GrantLevel, userPage } from './pages/user';
import { type NewUserForm, usersPage } from './pages/users';

const USERS_SHOWN = 200;
const CHANGES_SHOWN = 100;
const SIGN_IN_COOKIE_SECONDS = 3600;
const SIGN_IN_REFUSED =
  'Sign-in failed: the username or password is wrong, or this account may not use the admin pages.';

/** A form field as text; repeated or missing fields read as empty. */
function text(body: unknown, name: string): string {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

function list(body: unknown, name: string): string[] {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  if (typeof value === 'string') return [value];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function describeGrant(request: GrantRequest): string {
  const parts = [
    request.domains?.length ? `domain access on ${request.domains.join(', ')}` : '',
    request.subdomains?.length ? `subdomain access on ${request.subdomains.join(', ')}` : '',
  ];
  return parts.filter(Boolean).join(' and ');
}

/** The admin pages: server-rendered HTML, forms that work without JavaScript. */
@ApiExcludeController()
@UseFilters(AdminPageFilter)
@Controller('admin')
export class AdminWebController {
  private readonly flashes: FlashCodec;

  constructor(
    private readonly admin: AdministrationService,
    private readonly authentication: AuthenticationService,
    private readonly domains: DomainsService,
    private readonly sessions: SessionsService,
    private readonly store: RecordStore,
    private readonly csrf: CsrfTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.flashes = new FlashCodec(config.secretKey);
  }

  private context(request: AdminRequest, response: Response): PageContext {
    const flash = this.flashes.decode(cookieOf(request, FLASH_COOKIE));
    if (cookieOf(request, FLASH_COOKIE) !== undefined) clearCookie(request, response, FLASH_COOKIE);
    return {
      user: request.user,
      csrf: this.csrf.forSession(request.adminSession),
      flash,
      now: new Date(),
    };
  }

  private redirectWith(request: Request, response: Response, location: string, flash: Flash): void {
    setCookie(request, response, FLASH_COOKIE, this.flashes.encode(flash), 60);
    seeOther(response, location);
  }

  @Get()
  root(@Res() response: Response): void {
    seeOther(response, '/admin/users');
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() response: Response): void {
    const asset = ASSETS.get(name);
    if (!asset) throw new AppError('not_found', `no asset ${JSON.stringify(name.slice(0, 80))}`);
    response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.type(asset.type).send(asset.body);
  }

  // Signing in and out

  @Get('sign-in')
  async signInForm(@Req() request: Request, @Res() response: Response): Promise<void> {
    const session = cookieOf(request, SESSION_COOKIE);
    const next = safeNext(request.query.next);
    if (session && (await this.sessions.resolve(session))) {
      seeOther(response, next);
      return;
    }
    sendPage(response, 200, signInPage(this.signInContext(request, response), { next }));
  }

  /** The sign-in form's token, bound to a cookie of its own (there is no session yet). */
  private signInContext(request: Request, response: Response): PageContext {
    let binding = cookieOf(request, SIGN_IN_COOKIE);
    if (!binding || !/^[A-Za-z0-9_-]{43}$/.test(binding)) {
      binding = randomBytes(32).toString('base64url');
      setCookie(request, response, SIGN_IN_COOKIE, binding, SIGN_IN_COOKIE_SECONDS);
    }
    return { csrf: this.csrf.forSignIn(binding), now: new Date() };
  }

  @Post('sign-in')
  async signIn(@Req() request: Request, @Res() response: Response): Promise<void> {
    checkSameOrigin(request);
    const binding = cookieOf(request, SIGN_IN_COOKIE);
    if (!binding || !CsrfTokens.matches(this.csrf.forSignIn(binding), formToken(request.body))) {
      throw new AppError('forbidden', CSRF_REFUSED);
    }
    const username = text(request.body, 'username').trim();
    const password = text(request.body, 'password');
    const next = safeNext(text(request.body, 'next'));
    const form = { next, username };
    let user: User | null = null;
    try {
      if (username && password && password.length <= 1024) {
        user = await this.authentication.authenticate(username, password, attemptContext(request));
      }
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'too_many_requests')) throw error;
      const wait = error.details.retryAfterSeconds ?? 1;
      response.setHeader('Retry-After', String(wait));
      sendPage(
        response,
        429,
        signInPage(this.signInContext(request, response), {
          ...form,
          error: `Too many sign-in attempts. Try again in ${wait} s.`,
        }),
      );
      return;
    }
    if (!user?.isAdmin) {
      sendPage(
        response,
        401,
        signInPage(this.signInContext(request, response), { ...form, error: SIGN_IN_REFUSED }),
      );
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

  // Users

  @Get('users')
  @UseGuards(AdminSessionGuard)
  async users(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    await this.renderUsers(request, response, 200, {});
  }

  private async renderUsers(
    request: AdminRequest,
    response: Response,
    status: number,
    form: NewUserForm,
  ): Promise<void> {
    const search = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 150) : '';
    const found = await this.admin.listUsers({ search, limit: USERS_SHOWN + 1 });
    const users = found.slice(0, USERS_SHOWN);
    const grantCounts = await this.admin.grantCounts(users.map((user) => user.id));
    sendPage(
      response,
      status,
      usersPage(this.context(request, response), {
        users,
        grantCounts,
        search,
        truncated: found.length > USERS_SHOWN,
        form,
      }),
    );
  }

  @Post('users')
  @UseGuards(AdminSessionGuard)
  async createUser(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    const username = text(request.body, 'username').trim();
    const email = text(request.body, 'email').trim();
    const form = { username, email };
    if (email !== '' && !isEmail(email)) {
      await this.renderUsers(request, response, 400, {
        ...form,
        errors: { email: 'Enter a valid email address.' },
      });
      return;
    }
    try {
      const { user, password } = await this.admin.createUser(username, email);
      await this.renderUser(request, response, user.id, 201, {
        password: { text: password, reason: 'created' },
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_input') throw error;
      await this.renderUsers(request, response, 400, {
        ...form,
        errors: error.details.fields ?? { username: error.message },
      });
    }
  }

  private async renderUser(
    request: AdminRequest,
    response: Response,
    id: number,
    status: number,
    extra: {
      password?: { text: string; reason: 'created' | 'reset' };
      grantForm?: GrantForm;
      revokeErrors?: string[];
    } = {},
  ): Promise<void> {
    const user = await this.admin.getUser(id);
    const grants = await this.admin.listPermissions({ userId: user.id });
    grants.sort(
      (a, b) =>
        (a.domain?.fqdn ?? '').localeCompare(b.domain?.fqdn ?? '') ||
        a.accessLevel.localeCompare(b.accessLevel),
    );
    sendPage(
      response,
      status,
      userPage(this.context(request, response), {
        user,
        grants,
        password: extra.password,
        grantForm: extra.grantForm ?? {},
        revokeErrors: extra.revokeErrors,
      }),
    );
  }

  private userId(id: string): number {
    const parsed = parseId(id);
    if (parsed === undefined) throw new AppError('not_found', 'no such user');
    return parsed;
  }

  @Get('users/:id')
  @UseGuards(AdminSessionGuard)
  async user(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    await this.renderUser(request, response, this.userId(id), 200);
  }

  @Post('users/:id/password')
  @UseGuards(AdminSessionGuard)
  async resetPassword(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const user = await this.admin.getUser(this.userId(id));
    const { password } = await this.admin.resetPassword(user.username);
    if (user.id === request.user.id) {
      // A new password ends every sign-in, this one too: start a fresh one.
      const session = await this.sessions.start(user.id);
      setCookie(request, response, SESSION_COOKIE, session.token, this.config.adminSessionSeconds);
      request.adminSession = session.token;
    }
    await this.renderUser(request, response, user.id, 200, {
      password: { text: password, reason: 'reset' },
    });
  }

  /** Refuses to lock an administrator out of their own account. */
  private notYourself(request: AdminRequest, id: number, what: string): void {
    if (request.user.id === id) {
      throw new AppError(
        'invalid_input',
        `You cannot ${what} your own account: ask another administrator.`,
      );
    }
  }

  @Post('users/:id/active')
  @UseGuards(AdminSessionGuard)
  async setActive(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const user = await this.admin.getUser(this.userId(id));
    const active = text(request.body, 'value') === 'true';
    if (!active) this.notYourself(request, user.id, 'deactivate');
    await this.admin.setActive(user.username, active, request.user);
    this.redirectWith(request, response, `/admin/users/${user.id}`, {
      kind: 'success',
      text: active
        ? `Reactivated ${user.username}.`
        : `Deactivated ${user.username}: their password, tokens and sign-ins no longer work.`,
    });
  }

  @Post('users/:id/admin')
  @UseGuards(AdminSessionGuard)
  async setAdmin(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const user = await this.admin.getUser(this.userId(id));
    const admin = text(request.body, 'value') === 'true';
    if (!admin) this.notYourself(request, user.id, 'remove administration rights from');
    await this.admin.setAdmin(user.username, admin, request.user);
    this.redirectWith(request, response, `/admin/users/${user.id}`, {
      kind: 'success',
      text: admin
        ? `${user.username} is now an administrator.`
        : `${user.username} is no longer an administrator.`,
    });
  }

  @Post('users/:id/delete')
  @UseGuards(AdminSessionGuard)
  async deleteUser(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const user = await this.admin.getUser(this.userId(id));
    this.notYourself(request, user.id, 'delete');
    await this.admin.deleteUser(user.id, request.user);
    this.redirectWith(request, response, '/admin/users', {
      kind: 'success',
      text: `Deleted ${user.username} and their grants.`,
    });
  }

  @Post('users/:id/grants')
  @UseGuards(AdminSessionGuard)
  async grant(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const user = await this.admin.getUser(this.userId(id));
    const names = text(request.body, 'names');
    const levelText = text(request.body, 'level');
    const level: GrantLevel =
      levelText === 'domain' || levelText === 'both' ? levelText : 'subdomain';
    const note = text(request.body, 'note').trim();
    const form: GrantForm = { names, level, note };
    const domains = names.split(/[\s,;]+/).filter((name) => name !== '');
    const problems =
      domains.length === 0
        ? ['Give at least one domain.']
        : note.length > 255
          ? ['The note must be at most 255 characters long.']
          : [];
    if (problems.length > 0) {
      await this.renderUser(request, response, user.id, 400, {
        grantForm: { ...form, errors: problems },
      });
      return;
    }
    const grantRequest: GrantRequest = {
      ...(level !== 'subdomain' ? { domains } : {}),
      ...(level !== 'domain' ? { subdomains: domains } : {}),
    };
    try {
      const outcome = await this.domains.allow(user.username, grantRequest, note || undefined);
      const granted = {
        domains: outcome.granted
          .filter((item) => item.accessLevel === 'domain')
          .map((item) => item.domain),
        subdomains: outcome.granted
          .filter((item) => item.accessLevel === 'subdomain')
          .map((item) => item.domain),
      };
      const held = outcome.unchanged.map((item) => `${item.accessLevel} access on ${item.domain}`);
      const message = [
        outcome.granted.length > 0 ? `Granted ${user.username} ${describeGrant(granted)}.` : '',
        held.length > 0 ? `Already held: ${held.join(', ')}.` : '',
      ].filter(Boolean);
      this.redirectWith(request, response, `/admin/users/${user.id}`, {
        kind: 'success',
        text: message.join(' '),
      });
    } catch (error) {
      if (!(error instanceof GrantRequestError)) throw error;
      await this.renderUser(request, response, user.id, 400, {
        grantForm: {
          ...form,
          errors: error.failures.map((failure) => failure.reason),
        },
      });
    }
  }

  @Post('users/:id/revoke')
  @UseGuards(AdminSessionGuard)
  async revoke(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const user = await this.admin.getUser(this.userId(id));
    const selected = list(request.body, 'grant');
    const revokeRequest = {
      domains: selected.filter((item) => item.startsWith('domain:')).map((item) => item.slice(7)),
      subdomains: selected
        .filter((item) => item.startsWith('subdomain:'))
        .map((item) => item.slice(10)),
    };
    if (revokeRequest.domains.length + revokeRequest.subdomains.length === 0) {
      this.redirectWith(request, response, `/admin/users/${user.id}`, {
        kind: 'error',
        text: 'Select the grants to revoke first.',
      });
      return;
    }
    try {
      await this.domains.revoke(user.username, revokeRequest);
    } catch (error) {
      if (!(error instanceof GrantRequestError)) throw error;
      await this.renderUser(request, response, user.id, 400, {
        revokeErrors: error.failures.map(
          (failure) => `${failure.domain} (${failure.accessLevel}): ${failure.reason}`,
        ),
      });
      return;
    }
    this.redirectWith(request, response, `/admin/users/${user.id}`, {
      kind: 'success',
      text: `Revoked ${user.username}’s ${describeGrant(revokeRequest)}.`,
    });
  }

  // Domains

  @Get('domains')
  @UseGuards(AdminSessionGuard)
  async domainList(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    await this.renderDomains(request, response, 200, {});
  }

  private async renderDomains(
    request: AdminRequest,
    response: Response,
    status: number,
    form: { fqdn?: string; error?: string },
  ): Promise<void> {
    const search = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 253) : '';
    const domains = await this.admin.domainSummaries(search);
    sendPage(
      response,
      status,
      domainsPage(this.context(request, response), { domains, search, form }),
    );
  }

  @Post('domains')
  @UseGuards(AdminSessionGuard)
  async createDomain(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    const fqdn = text(request.body, 'fqdn').trim();
    try {
      const domain = await this.admin.createDomain(fqdn);
      this.redirectWith(request, response, '/admin/domains', {
        kind: 'success',
        text: `Added ${domain.fqdn}. Grant it to users on their pages.`,
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_input') throw error;
      await this.renderDomains(request, response, 400, {
        fqdn,
        error: error.details.fields?.fqdn ?? error.message,
      });
    }
  }

  @Post('domains/:id/delete')
  @UseGuards(AdminSessionGuard)
  async deleteDomain(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const domainId = parseId(id);
    if (domainId === undefined) throw new AppError('not_found', 'no such domain');
    const domain = await this.admin.deleteDomain(domainId);
    this.redirectWith(request, response, '/admin/domains', {
      kind: 'success',
      text: `Deleted ${domain.fqdn} and every grant on it.`,
    });
  }

  // Record changes

  @Get('changes')
  @UseGuards(AdminSessionGuard)
  async changes(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    let changes: RecentChange[] = [];
    let error: string | undefined;
    try {
      changes = await this.store.recentChanges(CHANGES_SHOWN);
    } catch (caught) {
      if (!(caught instanceof AppError)) throw caught;
      error = caught.message;
    }
    const userIds = await this.admin.userIds(changes.map((change) => change.username));
    sendPage(
      response,
      200,
      changesPage(this.context(request, response), {
        changes,
        error,
        repository: this.config.gitRepo.redacted,
        userIds,
      }),
    );
  }

  @All('*path')
  @UseGuards(AdminSessionGuard)
  notFound(@Req() request: AdminRequest, @Res() response: Response): void {
    sendPage(
      response,
      404,
      errorPage(this.context(request, response), 'Not found', 'There is no such admin page.'),
    );
  }
}
