import { Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AdministrationService } from '../administration/administration.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { linkOrigin } from '../http/request-origin';
import { SignedInAdminPages } from './admin-controller';
import { acmeDnsFields, recordId } from './admin-forms';
import { acmeDnsAccountDeleted } from './admin-messages';
import { AdminPresenter } from './admin-presenter';
import { type AdminRequest, seeOtherWith } from './admin-request';

/** The acme-dns accounts: list, register (the storage file shown once), delete. */
@SignedInAdminPages()
export class AcmeDnsController {
  constructor(
    private readonly admin: AdministrationService,
    private readonly pages: AdminPresenter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('acme-dns')
  async list(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    await this.pages.acmeDns(request, response, 200, { form: {} });
  }

  @Post('acme-dns')
  async register(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    const { form, request: fields } = acmeDnsFields(request.body);
    if (!fields) {
      await this.pages.acmeDns(request, response, 400, { form });
      return;
    }
    const registration = await this.admin.registerAcmeDnsAccount(
      fields,
      linkOrigin(request, this.config),
    );
    await this.pages.acmeDns(request, response, 201, {
      form: {},
      registered: { ...registration, domain: fields.domain },
    });
  }

  @Post('acme-dns/:id/delete')
  async delete(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const account = await this.admin.deleteAcmeDnsAccount(recordId(id, 'acme-dns account'));
    seeOtherWith(
      request,
      response,
      '/admin/acme-dns',
      acmeDnsAccountDeleted(account.username, account.fulldomain),
    );
  }
}
