import {
  All,
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Req,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { User } from '../accounts/user.entity';
import { apiError, schemaRef } from '../common/api-schemas';
import { AppError } from '../common/app-error';
import { clientAddress } from '../identity/attempt-context';
import { CurrentUser } from '../identity/current-user.decorator';
import { AcmeDnsErrorFilter } from './acme-dns-error.filter';
import {
  accountAnswer,
  errorAnswer,
  registrationBody,
  updateAnswer,
  updateBody,
} from './acme-dns.schema';
import { AcmeDnsService } from './acme-dns.service';
import { ApiKeyGuard } from './api-key.guard';
import { type AcmeDnsAccount, parseRegistration, parseUpdate } from './wire';

/** The body as text (see acme-dns-http.ts): acme-dns reads JSON whatever the Content-Type. */
function text(body: unknown): string | undefined {
  return typeof body === 'string' ? body : undefined;
}

/** An error acme-dns defines, answered with its own body. */
const acmeDnsError = (description: string) => ({ schema: schemaRef(errorAnswer), description });

/** joohoi/acme-dns's HTTP API (main.go's routes), under HLP_ACMEDNS_PREFIX. */
@ApiTags('acme-dns')
@ApiConsumes('application/json')
@Controller()
@UseFilters(AcmeDnsErrorFilter)
export class AcmeDnsController {
  constructor(private readonly acmeDns: AcmeDnsService) {}

  @Post('register')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'acmedns_register',
    summary: 'Register an acme-dns account',
    description:
      'Only when `HLP_ACMEDNS_REGISTRATION=open` (and from `HLP_ACMEDNS_REGISTRATION_NETWORKS`, when set); administrators register accounts with `POST /api/v1/acme-dns/accounts/`, the admin pages or `lego-provider acme-dns register`. The body is read as JSON whatever its type, and may be empty.',
  })
  @ApiBody({ required: false, schema: schemaRef(registrationBody) })
  @ApiCreatedResponse({ schema: schemaRef(accountAnswer), description: 'Registered.' })
  @ApiBadRequestResponse(acmeDnsError('`malformed_json_payload` or `invalid_allowfrom_cidr`.'))
  @ApiForbiddenResponse(apiError('Registration is not open to this client’s address.'))
  @ApiNotFoundResponse(apiError('Registration is closed.'))
  register(@Req() request: Request, @Body() body: unknown): Promise<AcmeDnsAccount> {
    return this.acmeDns.register(clientAddress(request), parseRegistration(text(body)));
  }

  @Post('update')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  @ApiOperation({
    operationId: 'acmedns_update',
    summary: 'Publish a TXT value at the account’s name',
    description:
      'The value becomes the newer of the two kept at `<subdomain>.<HLP_ACMEDNS_ZONE>` (a name and its wildcard validate together); answered once pushed.',
  })
  @ApiSecurity({ acmeDnsUser: [], acmeDnsKey: [] })
  @ApiBody({ required: true, schema: schemaRef(updateBody) })
  @ApiOkResponse({ schema: schemaRef(updateAnswer), description: 'Published.' })
  @ApiBadRequestResponse(acmeDnsError('`bad_txt` or `bad_subdomain`.'))
  @ApiUnauthorizedResponse(
    acmeDnsError(
      '`forbidden`: bad credentials, an address outside `allowfrom`, or another account’s subdomain.',
    ),
  )
  @ApiTooManyRequestsResponse(apiError('Too many failed attempts; see `Retry-After`.'))
  @ApiServiceUnavailableResponse(apiError('The zone repository is unavailable; retry later.'))
  async update(@CurrentUser() user: User, @Body() body: unknown): Promise<{ txt: string }> {
    const update = parseUpdate(text(body));
    await this.acmeDns.update(user, update);
    return { txt: update.txt };
  }

  /** 200 with no body, as acme-dns's healthCheck. */
  @Get('health')
  @ApiOperation({ operationId: 'acmedns_health', summary: 'Whether the acme-dns API answers' })
  @ApiOkResponse({ description: 'Up (no body).' })
  health(): void {}

  @All(['register', 'update'])
  @ApiExcludeEndpoint()
  otherMethods(): never {
    throw new AppError('method_not_allowed', 'use POST', { allow: 'POST' });
  }

  @All('health')
  @ApiExcludeEndpoint()
  otherHealthMethods(): never {
    throw new AppError('method_not_allowed', 'use GET', { allow: 'GET' });
  }
}
