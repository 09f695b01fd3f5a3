import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { z } from 'zod';
import type { User } from '../accounts/user.entity';
import { ApiInput, ApiQueryFrom, apiError, schemaRef, schemaRefs } from '../common/api-schemas';
import { parseInput, SchemaPipe } from '../common/request-input';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CurrentUser } from '../identity/current-user.decorator';
import { AdminResource, ApiItem, RouteIdPipe } from './admin-api.decorators';
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
  @ApiOperation({ summary: 'List users, newest first' })
  @ApiQueryFrom(usersQuery)
  @ApiOkResponse({
    schema: schemaRefs(userRepresentation),
    description: 'Every match (no pagination).',
  })
  async list(
    @Req() request: Request,
    @Query(new SchemaPipe(usersQuery)) query: z.output<typeof usersQuery>,
  ): Promise<UserRepresentation[]> {
    const users = await this.admin.listUsers(query);
    const origin = linkOrigin(request, this.config);
    return users.map((user) => representUser(origin, user));
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a user',
    description:
      'Never an administrator: `lego-provider create-superuser` or the admin page makes those.',
  })
  @ApiInput(newUserBody, 'Invalid fields, or the username is taken.')
  @ApiCreatedResponse({ schema: schemaRef(userRepresentation), description: 'Created.' })
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
  @ApiItem('user')
  @ApiOperation({ summary: 'Show a user' })
  @ApiOkResponse({ schema: schemaRef(userRepresentation), description: 'The user.' })
  async retrieve(
    @Req() request: Request,
    @Param('id', new RouteIdPipe('user')) id: number,
  ): Promise<UserRepresentation> {
    return representUser(linkOrigin(request, this.config), await this.admin.getUser(id));
  }

  @Put(':id')
  @ApiItem('user')
  @ApiOperation({ summary: 'Replace a user’s username, email and (optionally) password' })
  @ApiInput(userBody)
  @ApiOkResponse({ schema: schemaRef(userRepresentation), description: 'The user.' })
  async update(
    @Req() request: Request,
    @Param('id', new RouteIdPipe('user')) id: number,
    @Body() body: unknown,
  ): Promise<UserRepresentation> {
    await this.admin.getUser(id);
    const changes = parseInput(userBody, body);
    return representUser(
      linkOrigin(request, this.config),
      await this.admin.updateUser(id, changes),
    );
  }

  @Patch(':id')
  @ApiItem('user')
  @ApiOperation({ summary: 'Change some of a user’s fields' })
  @ApiInput(userPatchBody)
  @ApiOkResponse({ schema: schemaRef(userRepresentation), description: 'The user.' })
  async partialUpdate(
    @Req() request: Request,
    @Param('id', new RouteIdPipe('user')) id: number,
    @Body() body: unknown,
  ): Promise<UserRepresentation> {
    await this.admin.getUser(id);
    const changes = parseInput(userPatchBody, body);
    return representUser(
      linkOrigin(request, this.config),
      await this.admin.updateUser(id, changes),
    );
  }

  @Delete(':id')
  @ApiItem('user')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user, with their grants and tokens' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiBadRequestResponse(apiError('The caller’s own account.'))
  async destroy(
    @Param('id', new RouteIdPipe('user')) id: number,
    @CurrentUser() caller: User,
  ): Promise<void> {
    await this.admin.deleteUser(id, caller);
  }
}
