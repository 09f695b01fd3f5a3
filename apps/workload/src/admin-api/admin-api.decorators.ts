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
  ApiNotFoundResponse,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { BasicAuthGuard } from '../identity/basic-auth.guard';
import { AppError } from '../common/app-error';
import { apiError, inlineSchema } from '../common/api-schemas';
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
    ApiUnauthorizedResponse(apiError('No valid credentials.')),
    ApiForbiddenResponse(apiError('Not an administrator.')),
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

/** An item route of a resource: its `{id}`, and the 404 when no `what` has it. */
export function ApiItem(what: string): MethodDecorator {
  return applyDecorators(
    ApiParam({
      name: 'id',
      description: `The ${what}’s id.`,
      schema: inlineSchema(routeId, 'output'),
    }),
    ApiNotFoundResponse(apiError(`No ${what} has this id.`)),
  );
}

export function methodNotAllowed(allow: string): never {
  throw new AppError('method_not_allowed', `use ${allow.split(', ').join(' or ')}`, { allow });
}
