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
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiInput, ApiQueryFrom, schemaRef, schemaRefs } from '../common/api-schemas';
import { parseInput, SchemaPipe } from '../common/request-input';
import { AdminResource, ApiItem, RouteIdPipe } from './admin-api.decorators';
import { AdministrationService } from '../administration/administration.service';
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
  @ApiInput(grantBody, 'Invalid fields, unknown user or domain, or a duplicate.')
  @ApiCreatedResponse({ schema: schemaRef(permissionRepresentation), description: 'Created.' })
  async create(
    @Body(new SchemaPipe(grantBody)) grant: z.output<typeof grantBody>,
  ): Promise<DomainUserPermissionRepresentation> {
    return representPermission(await this.admin.createPermission(grant));
  }

  @Get(':id')
  @ApiItem('grant')
  @ApiOperation({ summary: 'Show a grant' })
  @ApiOkResponse({ schema: schemaRef(permissionRepresentation), description: 'The grant.' })
  async retrieve(
    @Param('id', new RouteIdPipe('grant')) id: number,
  ): Promise<DomainUserPermissionRepresentation> {
    return representPermission(await this.admin.getPermission(id));
  }

  @Put(':id')
  @ApiItem('grant')
  @ApiOperation({ summary: 'Replace a grant' })
  @ApiInput(grantBody)
  @ApiOkResponse({ schema: schemaRef(permissionRepresentation), description: 'The grant.' })
  async update(
    @Param('id', new RouteIdPipe('grant')) id: number,
    @Body() body: unknown,
  ): Promise<DomainUserPermissionRepresentation> {
    await this.admin.getPermission(id);
    return representPermission(await this.admin.updatePermission(id, parseInput(grantBody, body)));
  }

  @Patch(':id')
  @ApiItem('grant')
  @ApiOperation({ summary: 'Change some of a grant’s fields' })
  @ApiInput(grantPatchBody)
  @ApiOkResponse({ schema: schemaRef(permissionRepresentation), description: 'The grant.' })
  async partialUpdate(
    @Param('id', new RouteIdPipe('grant')) id: number,
    @Body() body: unknown,
  ): Promise<DomainUserPermissionRepresentation> {
    const current = await this.admin.getPermission(id);
    const changes = parseInput(grantPatchBody, body);
    return representPermission(await this.admin.updatePermission(id, changes(current)));
  }

  @Delete(':id')
  @ApiItem('grant')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a grant' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  async destroy(@Param('id', new RouteIdPipe('grant')) id: number): Promise<void> {
    await this.admin.deletePermission(id);
  }
}
