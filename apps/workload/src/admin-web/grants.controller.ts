import { Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AdministrationService } from '../administration/administration.service';
import { revokeForm } from '../administration/grant-input.schema';
import { DomainsService } from '../domains/domains.service';
import { GrantRequestError } from '../domains/grant-errors';
import { SignedInAdminPages } from './admin-controller';
import { grantFields, recordId } from './admin-forms';
import { granted, grantRefused, NOTHING_TO_REVOKE, revoked, revokeRefused } from './admin-messages';
import { AdminPresenter } from './admin-presenter';
import { type AdminRequest, seeOtherWith } from './admin-request';

/** Granting and revoking a user's domains, from the user's page. */
@SignedInAdminPages()
export class GrantsController {
  constructor(
    private readonly admin: AdministrationService,
    private readonly domains: DomainsService,
    private readonly pages: AdminPresenter,
  ) {}

  @Post('users/:id/grants')
  async grant(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const user = await this.admin.getUser(recordId(id, 'user'));
    const { form, request: grantRequest } = grantFields(request.body);
    if (!grantRequest) {
      await this.pages.user(request, response, user.id, 400, { grantForm: form });
      return;
    }
    try {
      const outcome = await this.domains.allow(user.username, grantRequest, form.note || undefined);
      seeOtherWith(request, response, `/admin/users/${user.id}`, granted(user.username, outcome));
    } catch (error) {
      if (!(error instanceof GrantRequestError)) throw error;
      await this.pages.user(request, response, user.id, 400, {
        grantForm: { ...form, errors: grantRefused(error) },
      });
    }
  }

  @Post('users/:id/revoke')
  async revoke(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const user = await this.admin.getUser(recordId(id, 'user'));
    const revokeRequest = revokeForm.parse(request.body);
    if (revokeRequest.domains.length + revokeRequest.subdomains.length === 0) {
      seeOtherWith(request, response, `/admin/users/${user.id}`, NOTHING_TO_REVOKE);
      return;
    }
    try {
      await this.domains.revoke(user.username, revokeRequest);
    } catch (error) {
      if (!(error instanceof GrantRequestError)) throw error;
      await this.pages.user(request, response, user.id, 400, {
        revokeErrors: revokeRefused(error),
      });
      return;
    }
    seeOtherWith(
      request,
      response,
      `/admin/users/${user.id}`,
      revoked(user.username, revokeRequest),
    );
  }
}
