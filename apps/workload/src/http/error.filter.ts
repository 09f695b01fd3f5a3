import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { ERROR_CODE_LOCAL } from '../metrics/http-metrics';
import { toErrorResponse } from './error-response';

/** Renders every error as `{ error, message, fields? }` and logs the unexpected ones. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext(ErrorFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const requestId = String(request.id ?? '');
    const { status, body, headers } = toErrorResponse(exception, requestId);
    if (status >= 500) this.logger.error({ err: exception, requestId }, 'request failed');
    response.locals[ERROR_CODE_LOCAL] = body.error;
    if (response.headersSent) return;
    response.status(status).set(headers).json(body);
  }
}
