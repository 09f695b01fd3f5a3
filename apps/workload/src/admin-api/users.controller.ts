import {
  Body,
  Controller,
  Delete,
  Get,
  Inject,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBadRequestResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { z } from 'zod';
import type { User } from '../accounts/user.entity';
import { apiError } from '../common/api-schemas';
import { parseInput, SchemaPipe } from '../common/request-input';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CurrentUser } from '../identity/current-user.decorator';
import {
  AdminResource,
  ApiCreate,
  ApiDelete,
  ApiItemRoute,
  ApiList,
  ItemId,
} from './admin-api.decorators';
import { AdministrationService } from '../administration/administration.service';
import { representUser, type UserRepresentation, userRepresentation } from './representations';
import { linkOrigin } from '../http/request-origin';
import { ResourceController } from './resource-controller';
import { newUserBody, userBody, userPatchBody, usersQuery } from './users.schema';

@AdminResource('users')
@Controller('api/v1/users')
export class UsersController extends ResourceController {
  constructor(
    private readonly admin: AdministrationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  @Get()
  @ApiList('List users, newest first', usersQuery, userRepresentation)
  async list(
    @Req() request: Request,
    @Query(new SchemaPipe(usersQuery)) query: z.output<typeof usersQuery>,
  ): Promise<UserRepresentation[]> {
    const users = await this.admin.listUsers(query);
    const origin = linkOrigin(request, this.config);
    return users.map((user) => representUser(origin, user));
  }

  @Post()
  @ApiCreate(
    userRepresentation,
    {
      summary: 'Create a user',
      description:
        'Never an administrator: `lego-provider create-superuser` or the admin page makes those.',
    },
    newUserBody,
    'Invalid fields, or the username is taken.',
  )
  async create(
    @Req() request: Request,
    @Body(new SchemaPipe(newUserBody)) fields: z.output<typeof newUserBody>,
  ): Promise<UserRepresentation> {
    const { user } = await this.admin.createUser(
      fields.username,
      fields.email ?? '',
      fields.password,
    );
    // Networks are checked like any other field, then set on the new user.
    const created = fields.allowedNetworks?.length
      ? await this.admin.updateUser(user.id, { allowedNetworks: fields.allowedNetworks })
      : user;
    return representUser(linkOrigin(request, this.config), created);
  }

  @Get(':id')
  @ApiItemRoute('user', userRepresentation, 'Show a user')
  async retrieve(@Req() request: Request, @ItemId('user') id: number): Promise<UserRepresentation> {
    return representUser(linkOrigin(request, this.config), await this.admin.getUser(id));
  }

  @Put(':id')
  @ApiItemRoute(
    'user',
    userRepresentation,
    'Replace a user’s username, email and (optionally) password',
    userBody,
  )
  async update(
    @Req() request: Request,
    @ItemId('user') id: number,
    @Body() body: unknown,
  ): Promise<UserRepresentation> {
    return this.change(request, id, userBody, body);
  }

  @Patch(':id')
  @ApiItemRoute('user', userRepresentation, 'Change some of a user’s fields', userPatchBody)
  async partialUpdate(
    @Req() request: Request,
    @ItemId('user') id: number,
    @Body() body: unknown,
  ): Promise<UserRepresentation> {
    return this.change(request, id, userPatchBody, body);
  }

  @Delete(':id')
  @ApiDelete('user', 'Delete a user, with their grants and tokens')
  @ApiBadRequestResponse(apiError('The caller’s own account.'))
  async destroy(@ItemId('user') id: number, @CurrentUser() caller: User): Promise<void> {
    await this.admin.deleteUser(id, caller);
  }

  /** PUT and PATCH: an unknown id is a 404 before the body's 400. */
  private async change(
    request: Request,
    id: number,
    schema: typeof userBody | typeof userPatchBody,
    body: unknown,
  ): Promise<UserRepresentation> {
    await this.admin.getUser(id);
    const changes = parseInput(schema, body);
    return representUser(
      linkOrigin(request, this.config),
      await this.admin.updateUser(id, changes),
    );
  }
}
