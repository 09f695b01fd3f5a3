import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { AppError } from '../common/app-error';

export const ACCEPTED_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
];

/** What lego sends (JSON) and what the Python service also took (forms); nothing else. */
@Injectable()
export class ChallengeContentTypeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!ACCEPTED_TYPES.includes(type)) {
      throw new AppError(
        'unsupported_media_type',
        `send the body as application/json (or a form); got ${type === '' ? 'no content type' : `"${type.slice(0, 100)}"`}`,
      );
    }
    return next.handle();
  }
}
