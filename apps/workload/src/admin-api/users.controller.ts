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
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { InvalidNetworkError, parseNetwork } from '@hlp/config';
import type { UserChanges } from '../accounts/accounts.service';
import type { User } from '../accounts/user.entity';
import { CurrentUser } from '../identity/current-user.decorator';
import { checkNewPassword, checkUsername } from '../accounts/username';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AdminResource, queryText, routeId } from './admin-api.decorators';
import { ResourceController } from './resource-controller';
import { AdministrationService } from '../administration/administration.service';
import { type Fields, FieldErrors, isEmail, readFields, stringField } from '../http/fields';
import { representUser, type UserRepresentation } from './representations';
import { linkOrigin } from '../http/request-origin';
import { ErrorSchema, NewUserSchema, UserSchema } from '../http/schemas';

/** `allowed_networks`: a list of CIDR networks, or one comma-separated string (forms). */
function networksField(fields: Fields, errors: FieldErrors): string[] | undefined {
  const value = fields.allowed_networks;
  if (value === undefined) return undefined;
  const items = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',')
      : undefined;
  if (!items || items.some((item) => typeof item !== 'string')) {
    errors.add('allowed_networks', 'Expected a list of networks such as 10.0.0.0/8.');
    return undefined;
  }
  const networks = (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
  for (const network of networks) {
    try {
      parseNetwork(network);
    } catch (error) {
      if (!(error instanceof InvalidNetworkError)) throw error;
      errors.add('allowed_networks', error.message);
    }
  }
  return networks;
}

/** Reads the writable fields; `username` and `password` are required where `required` says. */
function readUser(body: unknown, required: { username: boolean; password: boolean }): UserChanges {
  const fields: Fields = readFields(body);
  const errors = new FieldErrors();
  const username = stringField(fields, 'username', errors, {
    required: required.username,
    maxLength: 150,
  });
  if (username !== undefined) errors.collect(() => checkUsername(username));
  const email = stringField(fields, 'email', errors, { allowBlank: true, maxLength: 254 });
  if (email !== undefined && email !== '' && !isEmail(email)) {
    errors.add('email', 'Enter a valid email address.');
  }
  const password = stringField(fields, 'password', errors, { required: required.password });
  if (password !== undefined) errors.collect(() => checkNewPassword(password));
  // Django groups do not exist here: an empty list is what the Python service's clients send.
  const groups = fields.groups;
  const wanted =
    groups === undefined || groups === '' ? [] : Array.isArray(groups) ? groups : [groups];
  if (wanted.length > 0) {
    errors.add('groups', `Invalid pk "${String(wanted[0])}" - object does not exist.`);
  }
  // Anything else (is_staff, is_superuser, is_active…) is ignored, as DRF ignores unknown fields:
  // privileges are never set through this resource.
  const allowedNetworks = networksField(fields, errors);
  errors.throwIfAny();
  return { username, email, password, allowedNetworks };
}

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
  @ApiQuery({
    name: 'username',
    type: String,
    required: false,
    description: 'Only the user with exactly this username.',
  })
  @ApiOkResponse({ type: [UserSchema], description: 'Every match (no pagination).' })
  async list(
    @Req() request: Request,
    @Query('username') username: unknown,
  ): Promise<UserRepresentation[]> {
    const users = await this.admin.listUsers({ username: queryText(username) });
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
  @ApiBody({ type: NewUserSchema })
  @ApiCreatedResponse({ type: UserSchema, description: 'Created.' })
  @ApiBadRequestResponse({
    type: ErrorSchema,
    description: 'Invalid fields, or the username is taken.',
  })
  async create(@Req() request: Request, @Body() body: unknown): Promise<UserRepresentation> {
    const fields = readUser(body, { username: true, password: true });
    const { user } = await this.admin.createUser(
      fields.username as string,
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
  @ApiParam({ name: 'id', type: 'integer', description: 'The user’s id.' })
  @ApiOperation({ summary: 'Show a user' })
  @ApiOkResponse({ type: UserSchema, description: 'The user.' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No user has this id.' })
  async retrieve(@Req() request: Request, @Param('id') id: string): Promise<UserRepresentation> {
    return representUser(
      linkOrigin(request, this.config),
      await this.admin.getUser(routeId(id, 'user')),
    );
  }

  @Put(':id')
  @ApiParam({ name: 'id', type: 'integer', description: 'The user’s id.' })
  @ApiOperation({ summary: 'Replace a user’s username, email and (optionally) password' })
  @ApiBody({ type: UserSchema })
  @ApiOkResponse({ type: UserSchema, description: 'The user.' })
  @ApiBadRequestResponse({ type: ErrorSchema, description: 'Invalid fields.' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No user has this id.' })
  async update(
    @Req() request: Request,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<UserRepresentation> {
    const userId = routeId(id, 'user');
    await this.admin.getUser(userId);
    const changes = readUser(body, { username: true, password: false });
    return representUser(
      linkOrigin(request, this.config),
      await this.admin.updateUser(userId, { ...changes, email: changes.email ?? '' }),
    );
  }

  @Patch(':id')
  @ApiParam({ name: 'id', type: 'integer', description: 'The user’s id.' })
  @ApiOperation({ summary: 'Change some of a user’s fields' })
  @ApiBody({ type: UserSchema })
  @ApiOkResponse({ type: UserSchema, description: 'The user.' })
  @ApiBadRequestResponse({ type: ErrorSchema, description: 'Invalid fields.' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No user has this id.' })
  async partialUpdate(
    @Req() request: Request,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<UserRepresentation> {
    const userId = routeId(id, 'user');
    await this.admin.getUser(userId);
    const changes = readUser(body, { username: false, password: false });
    return representUser(
      linkOrigin(request, this.config),
      await this.admin.updateUser(userId, changes),
    );
  }

  @Delete(':id')
  @ApiParam({ name: 'id', type: 'integer', description: 'The user’s id.' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user, with their grants and tokens' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No user has this id.' })
  @ApiBadRequestResponse({ type: ErrorSchema, description: 'The caller’s own account.' })
  async destroy(@Param('id') id: string, @CurrentUser() caller: User): Promise<void> {
    await this.admin.deleteUser(routeId(id, 'user'), caller);
  }
}
