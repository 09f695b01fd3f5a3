import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdministrationService } from '../administration/administration.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { RecentChange } from '../records/recent-changes';
import { RecordStore } from '../records/record-store';
import { cookieOf, setCookie, SIGN_IN_COOKIE, takeFlash } from './admin-cookies';
import { AdminCsrf } from './admin-csrf';
import { type AdminRequest, sendPage } from './admin-request';
import { AdminAssets } from './assets';
import { acmeDnsPage, type AcmeDnsView } from './pages/acme-dns';
import { changesPage } from './pages/changes';
import { domainsPage, type DomainsView } from './pages/domains';
import { errorPage } from './pages/error';
import type { PageContext } from './pages/layout';
import { type SignInForm, signInPage } from './pages/sign-in';
import { userPage, type UserView } from './pages/user';
import { type NewUserForm, usersPage } from './pages/users';

const USERS_SHOWN = 200;
const CHANGES_SHOWN = 100;
const SIGN_IN_COOKIE_SECONDS = 3600;

/** What a user's page shows besides the user: a new password once, the forms' errors. */
export type UserPageExtras = Partial<Pick<UserView, 'password' | 'grantForm' | 'revokeErrors'>>;

/** Builds the admin pages' views from the services' reads, and sends them. */
@Injectable()
export class AdminPresenter {
  constructor(
    private readonly admin: AdministrationService,
    private readonly store: RecordStore,
    private readonly csrf: AdminCsrf,
    private readonly assets: AdminAssets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A signed-in page's context: its forms' token, and the flash the last redirect left. */
  private context(request: AdminRequest, response: Response): PageContext {
    return {
      user: request.user,
      csrf: this.csrf.token(request, response, `session:${request.adminSession}`),
      flash: takeFlash(request, response),
      now: new Date(),
      assets: this.assets.links,
      acmeDns: this.admin.acmeDnsEnabled,
    };
  }

  /** The sign-in form's token, bound to a cookie of its own (there is no session yet). */
  signIn(request: Request, response: Response, status: number, form: SignInForm): void {
    let binding = cookieOf(request, SIGN_IN_COOKIE);
    if (!binding || !/^[A-Za-z0-9_-]{43}$/.test(binding)) {
      binding = randomBytes(32).toString('base64url');
      setCookie(request, response, SIGN_IN_COOKIE, binding, SIGN_IN_COOKIE_SECONDS);
    }
    const context = {
      csrf: this.csrf.token(request, response, `sign-in:${binding}`),
      now: new Date(),
      assets: this.assets.links,
    };
    sendPage(response, status, signInPage(context, form));
  }

  async users(
    request: AdminRequest,
    response: Response,
    status: number,
    view: { search: string; form: NewUserForm },
  ): Promise<void> {
    const found = await this.admin.listUsers({ search: view.search, limit: USERS_SHOWN + 1 });
    const users = found.slice(0, USERS_SHOWN);
    const grantCounts = await this.admin.grantCounts(users.map((user) => user.id));
    sendPage(
      response,
      status,
      usersPage(this.context(request, response), {
        ...view,
        users,
        grantCounts,
        truncated: found.length > USERS_SHOWN,
      }),
    );
  }

  async user(
    request: AdminRequest,
    response: Response,
    id: number,
    status: number,
    extras: UserPageExtras = {},
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
        ...extras,
        grantForm: extras.grantForm ?? {},
      }),
    );
  }

  async domains(
    request: AdminRequest,
    response: Response,
    status: number,
    view: Pick<DomainsView, 'search' | 'form'>,
  ): Promise<void> {
    const domains = await this.admin.domainSummaries(view.search);
    sendPage(response, status, domainsPage(this.context(request, response), { ...view, domains }));
  }

  /** The acme-dns accounts; fails, saying what to configure, while the API is off. */
  async acmeDns(
    request: AdminRequest,
    response: Response,
    status: number,
    view: Pick<AcmeDnsView, 'form' | 'registered'>,
  ): Promise<void> {
    const accounts = await this.admin.listAcmeDnsAccounts();
    sendPage(response, status, acmeDnsPage(this.context(request, response), { ...view, accounts }));
  }

  /** The record repository's recent history; an unreachable repository is said on the page. */
  async changes(request: AdminRequest, response: Response): Promise<void> {
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

  notFound(request: AdminRequest, response: Response): void {
    sendPage(
      response,
      404,
      errorPage(this.context(request, response), 'Not found', 'There is no such admin page.'),
    );
  }

  /** An error page; signed in or not, and without taking the flash meant for the next page. */
  error(
    request: Partial<AdminRequest> & Request,
    response: Response,
    status: number,
    title: string,
    message: string,
  ): void {
    const context = {
      user: request.user,
      csrf: request.adminSession
        ? this.csrf.token(request, response, `session:${request.adminSession}`)
        : '',
      now: new Date(),
      assets: this.assets.links,
      acmeDns: this.admin.acmeDnsEnabled,
    };
    sendPage(response, status, errorPage(context, title, message));
  }
}
