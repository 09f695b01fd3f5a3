import { applyDecorators, UseGuards, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { BasicAuthGuard } from '../identity/basic-auth.guard';
import { AppError } from '../common/app-error';
import { AdminGuard } from './admin.guard';
import { parseId } from '../http/fields';
import { ErrorSchema } from '../http/schemas';

const FORM_LIMITS = { limits: { fieldSize: 4096, fields: 16, files: 0, parts: 16 } };

/**
 * An admin REST resource: Basic or Bearer credentials of an administrator; bodies as JSON, form
 * or multipart form (the Python service took all three).
 */
export function AdminResource(tag: string): ClassDecorator {
  return applyDecorators(
    ApiTags(tag),
    ApiBasicAuth('basic'),
    ApiBearerAuth('bearer'),
    ApiConsumes('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'),
    ApiUnauthorizedResponse({ type: ErrorSchema, description: 'No valid credentials.' }),
    ApiForbiddenResponse({ type: ErrorSchema, description: 'Not an administrator.' }),
    UseGuards(BasicAuthGuard, AdminGuard),
    UseInterceptors(NoFilesInterceptor(FORM_LIMITS)),
  );
}

/** A route's id; anything but a positive integer names nothing (404, as Django's router). */
export function routeId(text: string, what: string): number {
  const id = parseId(text);
  if (id === undefined)
    throw new AppError('not_found', `no ${what} with id ${JSON.stringify(text)}`);
  return id;
}

/** A query parameter as Django's `query_params.get` reads it: the last value given. */
export function queryText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const last: unknown = value[value.length - 1];
    return typeof last === 'string' ? last : undefined;
  }
  return undefined;
}

export function methodNotAllowed(allow: string): never {
  throw new AppError('method_not_allowed', `use ${allow.split(', ').join(' or ')}`, { allow });
}
