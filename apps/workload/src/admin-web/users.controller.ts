import { Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AdministrationService } from '../administration/administration.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SessionsService } from '../identity/sessions.service';
import { switchForm, userSearch } from '../administration/user-input.schema';
import { SignedInAdminPages } from './admin-controller';
import { SESSION_COOKIE, setCookie } from './admin-cookies';
import { newUserFields, recordId } from './admin-forms';
import { activeChanged, adminChanged, userDeleted } from './admin-messages';
import { AdminPresenter } from './admin-presenter';
import { type AdminRequest, seeOtherWith } from './admin-request';

/** The users: list, create, and each user's account. */
@SignedInAdminPages()
export class UsersController {
  constructor(
    private readonly admin: AdministrationService,
    private readonly sessions: SessionsService,
    private readonly pages: AdminPresenter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('users')
  async list(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    await this.pages.users(request, response, 200, {
      search: userSearch.parse(request.query).q,
      form: {},
    });
  }

  @Post('users')
  async create(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    const form = newUserFields(request.body);
    const search = userSearch.parse(request.query).q;
    if (form.errors) {
      await this.pages.users(request, response, 400, { search, form });
      return;
    }
    try {
      const { user, password } = await this.admin.createUser(form.username, form.email);
      await this.pages.user(request, response, user.id, 201, {
        password: { text: password, reason: 'created' },
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_input') throw error;
      await this.pages.users(request, response, 400, {
        search,
        form: { ...form, errors: error.details.fields ?? { username: error.message } },
      });
    }
  }

  @Get('users/:id')
  async show(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    await this.pages.user(request, response, recordId(id, 'user'), 200);
  }

  @Post('users/:id/password')
  async resetPassword(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const user = await this.admin.getUser(recordId(id, 'user'));
    const { password } = await this.admin.resetPassword(user.username);
    if (user.id === request.user.id) {
      // A new password ends every sign-in, this one too: start a fresh one.
      const session = await this.sessions.start(user.id);
      setCookie(request, response, SESSION_COOKIE, session.token, this.config.adminSessionSeconds);
      request.adminSession = session.token;
    }
    await this.pages.user(request, response, user.id, 200, {
      password: { text: password, reason: 'reset' },
    });
  }

  @Post('users/:id/active')
  async setActive(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const user = await this.admin.getUser(recordId(id, 'user'));
    const active = switchForm.parse(request.body).value;
    await this.admin.setActive(user.username, active, request.user);
    seeOtherWith(
      request,
      response,
      `/admin/users/${user.id}`,
      activeChanged(user.username, active),
    );
  }

  @Post('users/:id/admin')
  async setAdmin(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const user = await this.admin.getUser(recordId(id, 'user'));
    const admin = switchForm.parse(request.body).value;
    await this.admin.setAdmin(user.username, admin, request.user);
    seeOtherWith(request, response, `/admin/users/${user.id}`, adminChanged(user.username, admin));
  }

  @Post('users/:id/delete')
  async delete(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const user = await this.admin.getUser(recordId(id, 'user'));
    await this.admin.deleteUser(user.id, request.user);
    seeOtherWith(request, response, '/admin/users', userDeleted(user.username));
  }
}
