import { Body, Controller, Delete, Get, Inject, Post, Req } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { storageFile, storedAccount } from '../acme-dns/acme-dns.schema';
import {
  type AcmeDnsAccountRequest,
  acmeDnsAccountRequest,
} from '../administration/acme-dns-input.schema';
import {
  type AcmeDnsRegistration,
  AdministrationService,
} from '../administration/administration.service';
import { ApiInput, apiError, schemaRef, schemaRefs } from '../common/api-schemas';
import { SchemaPipe } from '../common/request-input';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { linkOrigin } from '../http/request-origin';
import { AdminResource, ApiDelete, ItemId } from './admin-api.decorators';
import {
  type AcmeDnsAccountRepresentation,
  acmeDnsAccountRepresentation,
  representAcmeDnsAccount,
} from './representations';
import { ResourceController } from './resource-controller';

const OFF = apiError('The acme-dns API is off: HLP_ACMEDNS_ZONE is not set.');

/** acme-dns accounts, registered by administrators whatever HLP_ACMEDNS_REGISTRATION says. */
@AdminResource('acme-dns-accounts')
@ApiConflictResponse(OFF)
@Controller('api/v1/acme-dns/accounts')
export class AcmeDnsAccountsController extends ResourceController {
  protected override readonly itemMethodsAllowed = 'DELETE';

  constructor(
    private readonly admin: AdministrationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  @Get()
  @ApiOperation({ summary: 'List acme-dns accounts, oldest first (without their keys)' })
  @ApiOkResponse({ schema: schemaRefs(acmeDnsAccountRepresentation), description: 'Every one.' })
  async list(): Promise<AcmeDnsAccountRepresentation[]> {
    return (await this.admin.listAcmeDnsAccounts()).map(representAcmeDnsAccount);
  }

  @Post()
  @ApiOperation({
    summary: 'Register an acme-dns account',
    description:
      'Whatever `HLP_ACMEDNS_REGISTRATION` says. Answers what the client stores, as `lego-provider acme-dns register` prints it: the account as acme-dns’s `POST /register` answers it, or with `domain` the storage file of lego and cert-manager. The key is shown this once.',
  })
  @ApiInput(
    acmeDnsAccountRequest,
    'An `allowfrom` entry that is not a CIDR network, or not a name.',
  )
  @ApiCreatedResponse({
    schema: { oneOf: [schemaRef(storedAccount), schemaRef(storageFile)] },
    description: 'Registered.',
  })
  async create(
    @Req() request: Request,
    @Body(new SchemaPipe(acmeDnsAccountRequest)) fields: AcmeDnsAccountRequest,
  ): Promise<AcmeDnsRegistration['stored']> {
    const origin = linkOrigin(request, this.config);
    return (await this.admin.registerAcmeDnsAccount(fields, origin)).stored;
  }

  @Delete(':id')
  @ApiDelete('acme-dns account', 'Delete an acme-dns account: its user, grant and name')
  async destroy(@ItemId('acme-dns account') id: number): Promise<void> {
    await this.admin.deleteAcmeDnsAccount(id);
  }
}
