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
import type { Request } from 'express';
import type { User } from '../accounts/user.entity';
import { AppError } from '../common/app-error';
import { clientAddress } from '../identity/attempt-context';
import { CurrentUser } from '../identity/current-user.decorator';
import { AcmeDnsErrorFilter } from './acme-dns-error.filter';
import { AcmeDnsService } from './acme-dns.service';
import { ApiKeyGuard } from './api-key.guard';
import { type AcmeDnsAccount, parseRegistration, parseUpdate } from './wire';

/** The body as text (see acme-dns-http.ts): acme-dns reads JSON whatever the Content-Type. */
function text(body: unknown): string | undefined {
  return typeof body === 'string' ? body : undefined;
}

/** joohoi/acme-dns's HTTP API (main.go's routes), under HLP_ACMEDNS_PREFIX. */
@Controller()
@UseFilters(AcmeDnsErrorFilter)
export class AcmeDnsController {
  constructor(private readonly acmeDns: AcmeDnsService) {}

  @Post('register')
  @HttpCode(201)
  register(@Req() request: Request, @Body() body: unknown): Promise<AcmeDnsAccount> {
    return this.acmeDns.register(clientAddress(request), parseRegistration(text(body)));
  }

  @Post('update')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard)
  async update(@CurrentUser() user: User, @Body() body: unknown): Promise<{ txt: string }> {
    const update = parseUpdate(text(body));
    await this.acmeDns.update(user, update);
    return { txt: update.txt };
  }

  /** 200 with no body, as acme-dns's healthCheck. */
  @Get('health')
  health(): void {}

  @All(['register', 'update'])
  otherMethods(): never {
    throw new AppError('method_not_allowed', 'use POST', { allow: 'POST' });
  }

  @All('health')
  otherHealthMethods(): never {
    throw new AppError('method_not_allowed', 'use GET', { allow: 'GET' });
  }
}
