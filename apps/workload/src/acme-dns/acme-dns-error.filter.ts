import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { ERROR_CODE_LOCAL } from '../metrics/http-metrics';
import { AcmeDnsError } from './wire';

/** Answers acme-dns's errors with its status and exactly its body; the reason goes to the log. */
@Catch(AcmeDnsError)
export class AcmeDnsErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {}

  catch(error: AcmeDnsError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    this.logger.assign({ acmeDns: { error: error.code, reason: error.reason } });
    response.locals[ERROR_CODE_LOCAL] = error.code;
    response.status(error.status).json({ error: error.code });
  }
}
