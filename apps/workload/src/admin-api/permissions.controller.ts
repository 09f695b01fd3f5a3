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
} from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiQueryFrom, errorBody, schemaRef, schemaRefs } from '../common/api-schemas';
import { parseInput, SchemaPipe } from '../common/request-input';
import { AdminResource, ApiId, RouteIdPipe } from './admin-api.decorators';
import { AdministrationService } from './administration.service';
import { grantBody, grantPatchBody, grantsQuery } from './permissions.schema';
import {
  type DomainUserPermissionRepresentation,
  permissionRepresentation,
  representPermission,
} from './representations';
import { ResourceController } from './resource-controller';

@AdminResource('domain-user-permissions')
@Controller('api/v1/domain-user-permissions')
export class PermissionsController extends ResourceController {
  constructor(private readonly admin: AdministrationService) {
    super();
  }

  @Get()
  @ApiOperation({ summary: 'List grants' })
  @ApiQueryFrom(grantsQuery)
  @ApiOkResponse({
    schema: schemaRefs(permissionRepresentation),
    description: 'Every match (no pagination).',
  })
  async list(
    @Query(new SchemaPipe(grantsQuery)) query: z.output<typeof grantsQuery>,
  ): Promise<DomainUserPermissionRepresentation[]> {
    const permissions = await this.admin.listPermissions(query);
    return permissions.map(representPermission);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Grant a user access to a domain',
    description: 'A grant the user holds already is refused (400), never a server error.',
  })
  @ApiBody({ schema: schemaRef(grantBody) })
  @ApiCreatedResponse({ schema: schemaRef(permissionRepresentation), description: 'Created.' })
  @ApiBadRequestResponse({
    schema: schemaRef(errorBody),
    description: 'Invalid fields, unknown user or domain, or a duplicate.',
  })
  async create(
    @Body(new SchemaPipe(grantBody)) grant: z.output<typeof grantBody>,
  ): Promise<DomainUserPermissionRepresentation> {
    return representPermission(await this.admin.createPermission(grant));
  }

  @Get(':id')
  @ApiId('The grant’s id.')
  @ApiOperation({ summary: 'Show a grant' })
  @ApiOkResponse({ schema: schemaRef(permissionRepresentation), description: 'The grant.' })
  @ApiNotFoundResponse({ schema: schemaRef(errorBody), description: 'No grant has this id.' })
  async retrieve(
    @Param('id', new RouteIdPipe('grant')) id: number,
  ): Promise<DomainUserPermissionRepresentation> {
    return representPermission(await this.admin.getPermission(id));
  }

  @Put(':id')
  @ApiId('The grant’s id.')
  @ApiOperation({ summary: 'Replace a grant' })
  @ApiBody({ schema: schemaRef(grantBody) })
  @ApiOkResponse({ schema: schemaRef(permissionRepresentation), description: 'The grant.' })
  @ApiBadRequestResponse({ schema: schemaRef(errorBody), description: 'Invalid fields.' })
  @ApiNotFoundResponse({ schema: schemaRef(errorBody), description: 'No grant has this id.' })
  async update(
    @Param('id', new RouteIdPipe('grant')) id: number,
    @Body() body: unknown,
  ): Promise<DomainUserPermissionRepresentation> {
    await this.admin.getPermission(id);
    return representPermission(await this.admin.updatePermission(id, parseInput(grantBody, body)));
  }

  @Patch(':id')
  @ApiId('The grant’s id.')
  @ApiOperation({ summary: 'Change some of a grant’s fields' })
  @ApiBody({ schema: schemaRef(grantPatchBody) })
  @ApiOkResponse({ schema: schemaRef(permissionRepresentation), description: 'The grant.' })
  @ApiBadRequestResponse({ schema: schemaRef(errorBody), description: 'Invalid fields.' })
  @ApiNotFoundResponse({ schema: schemaRef(errorBody), description: 'No grant has this id.' })
  async partialUpdate(
    @Param('id', new RouteIdPipe('grant')) id: number,
    @Body() body: unknown,
  ): Promise<DomainUserPermissionRepresentation> {
    const current = await this.admin.getPermission(id);
    const changes = parseInput(grantPatchBody, body);
    return representPermission(await this.admin.updatePermission(id, changes(current)));
  }

  @Delete(':id')
  @ApiId('The grant’s id.')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a grant' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ schema: schemaRef(errorBody), description: 'No grant has this id.' })
  async destroy(@Param('id', new RouteIdPipe('grant')) id: number): Promise<void> {
    await this.admin.deletePermission(id);
  }
}
