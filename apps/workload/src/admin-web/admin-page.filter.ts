import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toErrorResponse } from '../http/error-response';
import { type AdminRequest, seeOther, SignInRequired } from './admin-request';
import { AdminPresenter } from './admin-presenter';

const TITLES: Record<number, string> = {
  400: 'That did not work',
  403: 'Refused',
  404: 'Not found',
  405: 'Not allowed',
  409: 'Not possible now',
  413: 'Too much',
  429: 'Too many attempts',
  503: 'Unavailable',
};

/** Errors of the admin pages as pages (the API's are JSON): the same codes and statuses. */
@Catch()
export class AdminPageFilter implements ExceptionFilter {
  private readonly logger = new Logger('AdminPages');

  constructor(private readonly pages: AdminPresenter) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Partial<AdminRequest> & Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof SignInRequired) {
      const next =
        exception.next && exception.next !== '/admin/users'
          ? `?next=${encodeURIComponent(exception.next)}`
          : '';
      seeOther(response, `/admin/sign-in${next}`);
      return;
    }
    const requestId = String(request.id ?? '');
    const { status, body, headers } = toErrorResponse(exception, requestId);
    if (status >= 500) this.logger.error({ err: exception, requestId }, 'admin page failed');
    for (const [name, value] of Object.entries(headers)) {
      if (name !== 'WWW-Authenticate') response.setHeader(name, value);
    }
    this.pages.error(
      request,
      response,
      status,
      TITLES[status] ?? 'Something went wrong',
      body.message,
    );
  }
}
