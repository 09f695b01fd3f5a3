import { Body, Controller, HttpCode, Post, Req, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import {
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { z } from 'zod';
import { ApiInput, apiError, schemaRef } from '../common/api-schemas';
import { SchemaPipe } from '../common/request-input';
import { attemptContext } from './attempt-context';
import { tokenObtainBody, tokenPair, tokenRefreshBody } from './tokens.schema';
import { type TokenPair, TokensService } from './tokens.service';

const FORM_LIMITS = { limits: { fieldSize: 4096, fields: 8, files: 0, parts: 8 } };

/** simplejwt's endpoints, at the Python service's paths. Open to every active user. */
@ApiTags('auth')
@ApiConsumes('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data')
@UseInterceptors(NoFilesInterceptor(FORM_LIMITS))
@Controller('api/v1/auth/token')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a username and password for an access and a refresh token' })
  @ApiInput(tokenObtainBody, 'A field is missing.')
  @ApiOkResponse({ schema: schemaRef(tokenPair) })
  @ApiUnauthorizedResponse(apiError('No active account has them.'))
  @ApiTooManyRequestsResponse(apiError('Too many failed attempts.'))
  obtain(
    @Body(new SchemaPipe(tokenObtainBody)) { username, password }: z.output<typeof tokenObtainBody>,
    @Req() request: Request,
  ): Promise<TokenPair> {
    return this.tokens.obtain(username, password, attemptContext(request));
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Spend a refresh token for a new pair',
    description:
      'Rotation: the refresh token sent stops working. Sending it again revokes every token descended from the same sign-in.',
  })
  @ApiInput(tokenRefreshBody, 'The field is missing.')
  @ApiOkResponse({ schema: schemaRef(tokenPair) })
  @ApiUnauthorizedResponse(
    apiError('Invalid, expired or already used; or its user is no longer active.'),
  )
  refresh(
    @Body(new SchemaPipe(tokenRefreshBody)) { refresh }: z.output<typeof tokenRefreshBody>,
  ): Promise<TokenPair> {
    return this.tokens.refresh(refresh);
  }
}
