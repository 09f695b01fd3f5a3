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
import { domainBody, domainPatchBody, domainsQuery } from './domains.schema';
import {
  type DomainRepresentation,
  domainRepresentation,
  representDomain,
} from './representations';
import { ResourceController } from './resource-controller';

@AdminResource('domains')
@Controller('api/v1/domains')
export class DomainsController extends ResourceController {
  constructor(private readonly admin: AdministrationService) {
    super();
  }

  @Get()
  @ApiOperation({ summary: 'List domains' })
  @ApiQueryFrom(domainsQuery)
  @ApiOkResponse({
    schema: schemaRefs(domainRepresentation),
    description: 'Every match (no pagination).',
  })
  async list(
    @Query(new SchemaPipe(domainsQuery)) query: z.output<typeof domainsQuery>,
  ): Promise<DomainRepresentation[]> {
    return (await this.admin.listDomains(query)).map(representDomain);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add a domain',
    description:
      'The same name rules as everywhere: ASCII labels, at least two, the challenge name within 253 characters.',
  })
  @ApiBody({ schema: schemaRef(domainBody) })
  @ApiCreatedResponse({ schema: schemaRef(domainRepresentation), description: 'Created.' })
  @ApiBadRequestResponse({
    schema: schemaRef(errorBody),
    description: 'Not a valid name, or there already.',
  })
  async create(
    @Body(new SchemaPipe(domainBody)) { fqdn }: z.output<typeof domainBody>,
  ): Promise<DomainRepresentation> {
    return representDomain(await this.admin.createDomain(fqdn));
  }

  @Get(':id')
  @ApiId('The domain’s id.')
  @ApiOperation({ summary: 'Show a domain' })
  @ApiOkResponse({ schema: schemaRef(domainRepresentation), description: 'The domain.' })
  @ApiNotFoundResponse({ schema: schemaRef(errorBody), description: 'No domain has this id.' })
  async retrieve(
    @Param('id', new RouteIdPipe('domain')) id: number,
  ): Promise<DomainRepresentation> {
    return representDomain(await this.admin.getDomain(id));
  }

  @Put(':id')
  @ApiId('The domain’s id.')
  @ApiOperation({ summary: 'Rename a domain (its grants follow)' })
  @ApiBody({ schema: schemaRef(domainBody) })
  @ApiOkResponse({ schema: schemaRef(domainRepresentation), description: 'The domain.' })
  @ApiBadRequestResponse({ schema: schemaRef(errorBody), description: 'Invalid fields.' })
  @ApiNotFoundResponse({ schema: schemaRef(errorBody), description: 'No domain has this id.' })
  async update(
    @Param('id', new RouteIdPipe('domain')) id: number,
    @Body() body: unknown,
  ): Promise<DomainRepresentation> {
    const domain = await this.admin.getDomain(id);
    const { fqdn } = parseInput(domainBody, body);
    return representDomain(fqdn === domain.fqdn ? domain : await this.admin.renameDomain(id, fqdn));
  }

  @Patch(':id')
  @ApiId('The domain’s id.')
  @ApiOperation({ summary: 'Rename a domain (its grants follow)' })
  @ApiBody({ schema: schemaRef(domainPatchBody) })
  @ApiOkResponse({ schema: schemaRef(domainRepresentation), description: 'The domain.' })
  @ApiBadRequestResponse({ schema: schemaRef(errorBody), description: 'Invalid fields.' })
  @ApiNotFoundResponse({ schema: schemaRef(errorBody), description: 'No domain has this id.' })
  async partialUpdate(
    @Param('id', new RouteIdPipe('domain')) id: number,
    @Body() body: unknown,
  ): Promise<DomainRepresentation> {
    const domain = await this.admin.getDomain(id);
    const { fqdn } = parseInput(domainPatchBody, body);
    return representDomain(fqdn === undefined ? domain : await this.admin.renameDomain(id, fqdn));
  }

  @Delete(':id')
  @ApiId('The domain’s id.')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a domain and every grant on it' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ schema: schemaRef(errorBody), description: 'No domain has this id.' })
  async destroy(@Param('id', new RouteIdPipe('domain')) id: number): Promise<void> {
    await this.admin.deleteDomain(id);
  }
}
