import {
  applyDecorators,
  Injectable,
  type PipeTransform,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { BasicAuthGuard } from '../identity/basic-auth.guard';
import { AppError } from '../common/app-error';
import { errorBody, inlineSchema, schemaRef } from '../common/api-schemas';
import { parseRouteId, routeId } from '../common/input-fields';
import { AdminGuard } from './admin.guard';

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
    ApiUnauthorizedResponse({ schema: schemaRef(errorBody), description: 'No valid credentials.' }),
    ApiForbiddenResponse({ schema: schemaRef(errorBody), description: 'Not an administrator.' }),
    UseGuards(BasicAuthGuard, AdminGuard),
    UseInterceptors(NoFilesInterceptor(FORM_LIMITS)),
  );
}

/** `@Param('id', new RouteIdPipe('user'))`: anything but a positive integer names nothing (404, as Django's router). */
@Injectable()
export class RouteIdPipe implements PipeTransform<string, number> {
  constructor(private readonly what: string) {}

  transform(text: string): number {
    const id = parseRouteId(text);
    if (id === undefined) {
      throw new AppError('not_found', `no ${this.what} with id ${JSON.stringify(text)}`);
    }
    return id;
  }
}

/** Documents the `{id}` of a resource's item routes. */
export function ApiId(description: string): MethodDecorator {
  return ApiParam({ name: 'id', description, schema: inlineSchema(routeId, 'output') });
}

export function methodNotAllowed(allow: string): never {
  throw new AppError('method_not_allowed', `use ${allow.split(', ').join(' or ')}`, { allow });
}
