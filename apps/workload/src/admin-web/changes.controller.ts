import { Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SignedInAdminPages } from './admin-controller';
import { AdminPresenter } from './admin-presenter';
import type { AdminRequest } from './admin-request';

/** The record repository's recent changes. */
@SignedInAdminPages()
export class ChangesController {
  constructor(private readonly pages: AdminPresenter) {}

  @Get('changes')
  async changes(@Req() request: AdminRequest, @Res() response: Response): Promise<void> {
    await this.pages.changes(request, response);
  }
}
