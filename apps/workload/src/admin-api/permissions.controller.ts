import { Body, Controller, Delete, Get, Patch, Post, Put, Query } from '@nestjs/common';
import type { z } from 'zod';
import { parseInput, SchemaPipe } from '../common/request-input';
import {
  AdminResource,
  ApiCreate,
  ApiDelete,
  ApiItemRoute,
  ApiList,
  ItemId,
} from './admin-api.decorators';
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
  @ApiList('List grants', grantsQuery, permissionRepresentation)
  async list(
    @Query(new SchemaPipe(grantsQuery)) query: z.output<typeof grantsQuery>,
  ): Promise<DomainUserPermissionRepresentation[]> {
    const permissions = await this.admin.listPermissions(query);
    return permissions.map(representPermission);
  }

  @Post()
  @ApiCreate(
    permissionRepresentation,
    {
      summary: 'Grant a user access to a domain',
      description: 'A grant the user holds already is refused (400), never a server error.',
    },
    grantBody,
    'Invalid fields, unknown user or domain, or a duplicate.',
  )
  async create(
    @Body(new SchemaPipe(grantBody)) grant: z.output<typeof grantBody>,
  ): Promise<DomainUserPermissionRepresentation> {
    return representPermission(await this.admin.createPermission(grant));
  }

  @Get(':id')
  @ApiItemRoute('grant', permissionRepresentation, 'Show a grant')
  async retrieve(@ItemId('grant') id: number): Promise<DomainUserPermissionRepresentation> {
    return representPermission(await this.admin.getPermission(id));
  }

  @Put(':id')
  @ApiItemRoute('grant', permissionRepresentation, 'Replace a grant', grantBody)
  async update(
    @ItemId('grant') id: number,
    @Body() body: unknown,
  ): Promise<DomainUserPermissionRepresentation> {
    await this.admin.getPermission(id);
    return representPermission(await this.admin.updatePermission(id, parseInput(grantBody, body)));
  }

  @Patch(':id')
  @ApiItemRoute(
    'grant',
    permissionRepresentation,
    'Change some of a grant’s fields',
    grantPatchBody,
  )
  async partialUpdate(
    @ItemId('grant') id: number,
    @Body() body: unknown,
  ): Promise<DomainUserPermissionRepresentation> {
    const current = await this.admin.getPermission(id);
    const changes = parseInput(grantPatchBody, body);
    return representPermission(await this.admin.updatePermission(id, changes(current)));
  }

  @Delete(':id')
  @ApiDelete('grant', 'Revoke a grant')
  async destroy(@ItemId('grant') id: number): Promise<void> {
    await this.admin.deletePermission(id);
  }
}
