import { All, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SignedInAdminPages } from './admin-controller';
import { AdminPresenter } from './admin-presenter';
import type { AdminRequest } from './admin-request';

/** Any other admin address (registered last: it matches everything under /admin). */
@SignedInAdminPages()
export class NotFoundController {
  constructor(private readonly pages: AdminPresenter) {}

  @All('*path')
  notFound(@Req() request: AdminRequest, @Res() response: Response): void {
    this.pages.notFound(request, response);
  }
}
