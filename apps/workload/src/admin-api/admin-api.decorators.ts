import {
  applyDecorators,
  HttpCode,
  Injectable,
  Param,
  type PipeTransform,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { BasicAuthGuard } from '../identity/basic-auth.guard';
import { AppError } from '../common/app-error';
import type { z } from 'zod';
import {
  ApiInput,
  ApiQueryFrom,
  apiError,
  inlineSchema,
  schemaRef,
  schemaRefs,
} from '../common/api-schemas';
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

/** `@ItemId('user')`: anything but a positive integer names nothing (404, as Django's router). */
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

/** The route's `{id}` of a `what`, as a number. */
export function ItemId(what: string): ParameterDecorator {
  return Param('id', new RouteIdPipe(what));
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

/** A resource's list route: its filters and the unpaginated list of `representation`. */
export function ApiList(
  summary: string,
  query: z.ZodObject,
  representation: z.ZodType,
): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiQueryFrom(query),
    ApiOkResponse({
      schema: schemaRefs(representation),
      description: 'Every match (no pagination).',
    }),
  );
}

/** A resource's create route: answered 201 with the new item (shown as `representation`). */
export function ApiCreate(
  representation: z.ZodType,
  operation: { summary: string; description: string },
  input: z.ZodType,
  problems: string,
): MethodDecorator {
  return applyDecorators(
    HttpCode(201),
    ApiOperation(operation),
    ApiInput(input, problems),
    ApiCreatedResponse({ schema: schemaRef(representation), description: 'Created.' }),
  );
}

/** An item route that answers with the `what` (shown as `representation`), taking `input` if any. */
export function ApiItemRoute(
  what: string,
  representation: z.ZodType,
  summary: string,
  input?: z.ZodType,
): MethodDecorator {
  return applyDecorators(
    ApiItem(what),
    ApiOperation({ summary }),
    ...(input === undefined ? [] : [ApiInput(input)]),
    ApiOkResponse({ schema: schemaRef(representation), description: `The ${what}.` }),
  );
}

/** A resource's delete route: its `{id}` and 404, answered 204. */
export function ApiDelete(what: string, summary: string): MethodDecorator {
  return applyDecorators(
    ApiItem(what),
    HttpCode(204),
    ApiOperation({ summary }),
    ApiNoContentResponse({ description: 'Deleted.' }),
  );
}

export function methodNotAllowed(allow: string): never {
  throw new AppError('method_not_allowed', `use ${allow.split(', ').join(' or ')}`, { allow });
}
