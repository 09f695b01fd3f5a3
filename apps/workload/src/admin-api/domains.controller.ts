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
  @ApiList('List domains', domainsQuery, domainRepresentation)
  async list(
    @Query(new SchemaPipe(domainsQuery)) query: z.output<typeof domainsQuery>,
  ): Promise<DomainRepresentation[]> {
    return (await this.admin.listDomains(query)).map(representDomain);
  }

  @Post()
  @ApiCreate(
    domainRepresentation,
    {
      summary: 'Add a domain',
      description:
        'The same name rules as everywhere: ASCII labels, at least two, the challenge name within 253 characters.',
    },
    domainBody,
    'Not a valid name, or there already.',
  )
  async create(
    @Body(new SchemaPipe(domainBody)) { fqdn }: z.output<typeof domainBody>,
  ): Promise<DomainRepresentation> {
    return representDomain(await this.admin.createDomain(fqdn));
  }

  @Get(':id')
  @ApiItemRoute('domain', domainRepresentation, 'Show a domain')
  async retrieve(@ItemId('domain') id: number): Promise<DomainRepresentation> {
    return representDomain(await this.admin.getDomain(id));
  }

  @Put(':id')
  @ApiItemRoute('domain', domainRepresentation, 'Rename a domain (its grants follow)', domainBody)
  async update(@ItemId('domain') id: number, @Body() body: unknown): Promise<DomainRepresentation> {
    const domain = await this.admin.getDomain(id);
    const { fqdn } = parseInput(domainBody, body);
    return representDomain(fqdn === domain.fqdn ? domain : await this.admin.renameDomain(id, fqdn));
  }

  @Patch(':id')
  @ApiItemRoute(
    'domain',
    domainRepresentation,
    'Rename a domain (its grants follow)',
    domainPatchBody,
  )
  async partialUpdate(
    @ItemId('domain') id: number,
    @Body() body: unknown,
  ): Promise<DomainRepresentation> {
    const domain = await this.admin.getDomain(id);
    const { fqdn } = parseInput(domainPatchBody, body);
    return representDomain(fqdn === undefined ? domain : await this.admin.renameDomain(id, fqdn));
  }

  @Delete(':id')
  @ApiDelete('domain', 'Delete a domain and every grant on it')
  async destroy(@ItemId('domain') id: number): Promise<void> {
    await this.admin.deleteDomain(id);
  }
}
