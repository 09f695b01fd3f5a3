import { Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AdministrationService } from '../administration/administration.service';
import { domainForm, domainSearch } from '../administration/domain-input.schema';
import { AppError } from '../common/app-error';
import { SignedInAdminPages } from './admin-controller';
import { recordId } from './admin-forms';
import { domainAdded, domainDeleted } from './admin-messages';
import { AdminPresenter } from './admin-presenter';
import { type AdminRequest, seeOtherWith } from './admin-request';

/** The domains: list, add, delete (with every grant on them). */
@SignedInAdminPages()
export class DomainsController {
  constructor(
    private readonly admin: AdministrationService,
    private readonly pages: AdminPresenter,
  ) {}

  @Get('domains')
  async list(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    await this.pages.domains(request, response, 200, {
      search: domainSearch.parse(request.query).q,
      form: {},
    });
  }

  @Post('domains')
  async create(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    const { fqdn } = domainForm.parse(request.body);
    try {
      const domain = await this.admin.createDomain(fqdn);
      seeOtherWith(request, response, '/admin/domains', domainAdded(domain.fqdn));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_input') throw error;
      await this.pages.domains(request, response, 400, {
        search: domainSearch.parse(request.query).q,
        form: { fqdn, error: error.details.fields?.fqdn ?? error.message },
      });
    }
  }

  @Post('domains/:id/delete')
  async delete(
    @Req() request: AdminRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const domain = await this.admin.deleteDomain(recordId(id, 'domain'));
    seeOtherWith(request, response, '/admin/domains', domainDeleted(domain.fqdn));
  }
}
