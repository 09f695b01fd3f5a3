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
  @ApiInput(domainBody, 'Not a valid name, or there already.')
  @ApiCreatedResponse({ schema: schemaRef(domainRepresentation), description: 'Created.' })
  async create(
    @Body(new SchemaPipe(domainBody)) { fqdn }: z.output<typeof domainBody>,
  ): Promise<DomainRepresentation> {
    return representDomain(await this.admin.createDomain(fqdn));
  }

  @Get(':id')
  @ApiItem('domain')
  @ApiOperation({ summary: 'Show a domain' })
  @ApiOkResponse({ schema: schemaRef(domainRepresentation), description: 'The domain.' })
  async retrieve(
    @Param('id', new RouteIdPipe('domain')) id: number,
  ): Promise<DomainRepresentation> {
    return representDomain(await this.admin.getDomain(id));
  }

  @Put(':id')
  @ApiItem('domain')
  @ApiOperation({ summary: 'Rename a domain (its grants follow)' })
  @ApiInput(domainBody)
  @ApiOkResponse({ schema: schemaRef(domainRepresentation), description: 'The domain.' })
  async update(
    @Param('id', new RouteIdPipe('domain')) id: number,
    @Body() body: unknown,
  ): Promise<DomainRepresentation> {
    const domain = await this.admin.getDomain(id);
    const { fqdn } = parseInput(domainBody, body);
    return representDomain(fqdn === domain.fqdn ? domain : await this.admin.renameDomain(id, fqdn));
  }

  @Patch(':id')
  @ApiItem('domain')
  @ApiOperation({ summary: 'Rename a domain (its grants follow)' })
  @ApiInput(domainPatchBody)
  @ApiOkResponse({ schema: schemaRef(domainRepresentation), description: 'The domain.' })
  async partialUpdate(
    @Param('id', new RouteIdPipe('domain')) id: number,
    @Body() body: unknown,
  ): Promise<DomainRepresentation> {
    const domain = await this.admin.getDomain(id);
    const { fqdn } = parseInput(domainPatchBody, body);
    return representDomain(fqdn === undefined ? domain : await this.admin.renameDomain(id, fqdn));
  }

  @Delete(':id')
  @ApiItem('domain')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a domain and every grant on it' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  async destroy(@Param('id', new RouteIdPipe('domain')) id: number): Promise<void> {
    await this.admin.deleteDomain(id);
  }
}
