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
import { AdminResource, queryText, routeId } from './admin-api.decorators';
import { ResourceController } from './resource-controller';
import { AdministrationService } from '../administration/administration.service';
import { FieldErrors, readFields, stringField } from '../http/fields';
import { type DomainRepresentation, representDomain } from './representations';
import { DomainSchema, ErrorSchema } from '../http/schemas';

function readFqdn(body: unknown, required: boolean): string | undefined {
  const errors = new FieldErrors();
  const fqdn = stringField(readFields(body), 'fqdn', errors, { required, maxLength: 255 });
  errors.throwIfAny();
  return fqdn;
}

@AdminResource('domains')
@Controller('api/v1/domains')
export class DomainsController extends ResourceController {
  constructor(private readonly admin: AdministrationService) {
    super();
  }

  @Get()
  @ApiOperation({ summary: 'List domains' })
  @ApiQuery({
    name: 'fqdn',
    type: String,
    required: false,
    description: 'Only this domain (any case, with or without a trailing dot).',
  })
  @ApiOkResponse({ type: [DomainSchema], description: 'Every match (no pagination).' })
  async list(@Query('fqdn') fqdn: unknown): Promise<DomainRepresentation[]> {
    return (await this.admin.listDomains({ fqdn: queryText(fqdn) })).map(representDomain);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add a domain',
    description:
      'The same name rules as everywhere: ASCII labels, at least two, the challenge name within 253 characters.',
  })
  @ApiBody({ type: DomainSchema })
  @ApiCreatedResponse({ type: DomainSchema, description: 'Created.' })
  @ApiBadRequestResponse({ type: ErrorSchema, description: 'Not a valid name, or there already.' })
  async create(@Body() body: unknown): Promise<DomainRepresentation> {
    return representDomain(await this.admin.createDomain(readFqdn(body, true) as string));
  }

  @Get(':id')
  @ApiParam({ name: 'id', type: 'integer', description: 'The domain’s id.' })
  @ApiOperation({ summary: 'Show a domain' })
  @ApiOkResponse({ type: DomainSchema, description: 'The domain.' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No domain has this id.' })
  async retrieve(@Param('id') id: string): Promise<DomainRepresentation> {
    return representDomain(await this.admin.getDomain(routeId(id, 'domain')));
  }

  @Put(':id')
  @ApiParam({ name: 'id', type: 'integer', description: 'The domain’s id.' })
  @ApiOperation({ summary: 'Rename a domain (its grants follow)' })
  @ApiBody({ type: DomainSchema })
  @ApiOkResponse({ type: DomainSchema, description: 'The domain.' })
  @ApiBadRequestResponse({ type: ErrorSchema, description: 'Invalid fields.' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No domain has this id.' })
  async update(@Param('id') id: string, @Body() body: unknown): Promise<DomainRepresentation> {
    const domainId = routeId(id, 'domain');
    const domain = await this.admin.getDomain(domainId);
    const fqdn = readFqdn(body, true) as string;
    return representDomain(
      fqdn === domain.fqdn ? domain : await this.admin.renameDomain(domainId, fqdn),
    );
  }

  @Patch(':id')
  @ApiParam({ name: 'id', type: 'integer', description: 'The domain’s id.' })
  @ApiOperation({ summary: 'Rename a domain (its grants follow)' })
  @ApiBody({ type: DomainSchema })
  @ApiOkResponse({ type: DomainSchema, description: 'The domain.' })
  @ApiBadRequestResponse({ type: ErrorSchema, description: 'Invalid fields.' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No domain has this id.' })
  async partialUpdate(
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<DomainRepresentation> {
    const domainId = routeId(id, 'domain');
    const domain = await this.admin.getDomain(domainId);
    const fqdn = readFqdn(body, false);
    return representDomain(
      fqdn === undefined ? domain : await this.admin.renameDomain(domainId, fqdn),
    );
  }

  @Delete(':id')
  @ApiParam({ name: 'id', type: 'integer', description: 'The domain’s id.' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a domain and every grant on it' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorSchema, description: 'No domain has this id.' })
  async destroy(@Param('id') id: string): Promise<void> {
    await this.admin.deleteDomain(routeId(id, 'domain'));
  }
}
