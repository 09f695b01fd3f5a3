import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
} from '@nestjs/swagger';
import { ACCESS_LEVELS, type AccessLevel } from '../domains/access-level';
import type { DomainPermission } from '../domains/domain-permission.entity';
import { AdminResource, queryText, routeId } from './admin-api.decorators';
import { ResourceController } from './resource-controller';
import {
  AdministrationService,
  type PermissionFields,
} from '../administration/administration.service';
import { FieldErrors, idField, readFields, REQUIRED, stringField } from '../http/fields';
import { type DomainUserPermissionRepresentation, representPermission } from './representations';
import { DomainUserPermissionSchema, ErrorSchema } from '../http/schemas';

/** The grant's fields from a body, over `current` ones for a partial update. */
function readPermission(body: unknown, current?: DomainPermission): PermissionFields {
  const fields = readFields(body);
  const errors = new FieldErrors();
  const required = current === undefined;
  const userId = idField(fields, 'user', errors, { required });
  const domainId = idField(fields, 'domain', errors, { required });
  let accessLevel: AccessLevel | undefined;
  const level = fields.access_level;
  if (level === undefined) {
    if (required) errors.add('access_level', REQUIRED);
  } else if (typeof level === 'string' && (ACCESS_LEVELS as readonly string[]).includes(level)) {
    accessLevel = level as AccessLevel;
  } else {
    errors.add('access_level', `"${String(level).slice(0, 40)}" is not a valid choice.`);
  }
  let text: string | null | undefined;
  if (fields.text === null) text = null;
  else text = stringField(fields, 'text', errors, { allowBlank: true, maxLength: 255 });
  errors.throwIfAny();
  return {
    userId: userId ?? (current as DomainPermission).userId,
    domainId: domainId ?? (current as DomainPermission).domainId,
    accessLevel: accessLevel ?? (current as DomainPermission).accessLevel,
    text: text === undefined ? (current?.text ?? null) : text,
  };
}

@AdminResource('domain-user-permissions')
@Controller('api/v1/domain-user-permissions')
export class PermissionsController extends ResourceController {
  constructor(private readonly admin: AdministrationService) {
    super();
  }

  @Get()
  @ApiOperation({ summary: 'List grants' })
  @ApiQuery({
    name: 'username',
    type: String,
    required: false,
    description: 'Only this user’s grants.',
  })
  @ApiQuery({
    name: 'fqdn',
    type: String,
    required: false,
    description: 'Only grants on this domain.',
  })
  @ApiOkResponse({
    type: [DomainUserPermissionSchema],
    description: 'Every match (no pagination).',
  })
  async list(
    @Query('username') username: unknown,
    @Query('fqdn') fqdn: unknown,
  ): Promise<DomainUserPermissionRepresentation[]> {
    const permissions = await this.admin.listPermissions({
      username: queryText(username),
      fqdn: queryText(fqdn),
    });
    return permissions.map(representPermission);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Grant a user access to a domain',
    description: 'A grant the user holds already is refused (400), never a server error.',
  })
  @ApiBody({ type: DomainUserPermissionSchema })
  @ApiCreatedResponse({ type: DomainUserPermissionSchema, description: 'Created.' })
  @ApiBadRequestResponse({
    type: ErrorSchema,
    description: 'Invalid fields, unknown user or domain, or a duplicate.',
  })
  async create(@Body() body: unknown): Promise<DomainUserPermissionRepresentation> {
    return representPermission(await this.admin.createPermission(readPermission(body)));
  }

  @Get(':id')
  @ApiParam({ name: 'id', type: 'integer', description: 'The grant’s id.' })
  @ApiOperation({ summary: 'Show a grant' })
  @ApiOkResponse({ type: DomainUserPermissionSchema, description: 'The grant.' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No grant has this id.' })
  async retrieve(@Param('id') id: string): Promise<DomainUserPermissionRepresentation> {
    return representPermission(await this.admin.getPermission(routeId(id, 'grant')));
  }

  @Put(':id')
  @ApiParam({ name: 'id', type: 'integer', description: 'The grant’s id.' })
  @ApiOperation({ summary: 'Replace a grant' })
  @ApiBody({ type: DomainUserPermissionSchema })
  @ApiOkResponse({ type: DomainUserPermissionSchema, description: 'The grant.' })
  @ApiBadRequestResponse({ type: ErrorSchema, description: 'Invalid fields.' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No grant has this id.' })
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<DomainUserPermissionRepresentation> {
    const permissionId = routeId(id, 'grant');
    await this.admin.getPermission(permissionId);
    const fields = readPermission(body);
    return representPermission(await this.admin.updatePermission(permissionId, fields));
  }

  @Patch(':id')
  @ApiParam({ name: 'id', type: 'integer', description: 'The grant’s id.' })
  @ApiOperation({ summary: 'Change some of a grant’s fields' })
  @ApiBody({ type: DomainUserPermissionSchema })
  @ApiOkResponse({ type: DomainUserPermissionSchema, description: 'The grant.' })
  @ApiBadRequestResponse({ type: ErrorSchema, description: 'Invalid fields.' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No grant has this id.' })
  async partialUpdate(
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<DomainUserPermissionRepresentation> {
    const permissionId = routeId(id, 'grant');
    const current = await this.admin.getPermission(permissionId);
    const fields = readPermission(body, current);
    return representPermission(await this.admin.updatePermission(permissionId, fields));
  }

  @Delete(':id')
  @ApiParam({ name: 'id', type: 'integer', description: 'The grant’s id.' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a grant' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No grant has this id.' })
  async destroy(@Param('id') id: string): Promise<void> {
    await this.admin.deletePermission(routeId(id, 'grant'));
  }
}
