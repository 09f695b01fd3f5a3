import { Body, Controller, HttpCode, Post, Req, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { FieldErrors, readFields, stringField } from '../http/fields';
import {
  ErrorSchema,
  TokenObtainSchema,
  TokenPairSchema,
  TokenRefreshSchema,
} from '../http/schemas';
import { attemptContext } from './attempt-context';
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
  @ApiBody({ type: TokenObtainSchema })
  @ApiOkResponse({ type: TokenPairSchema })
  @ApiBadRequestResponse({ type: ErrorSchema, description: 'A field is missing.' })
  @ApiUnauthorizedResponse({ type: ErrorSchema, description: 'No active account has them.' })
  @ApiTooManyRequestsResponse({ type: ErrorSchema, description: 'Too many failed attempts.' })
  obtain(@Body() body: unknown, @Req() request: Request): Promise<TokenPair> {
    const fields = readFields(body);
    const errors = new FieldErrors();
    const username = stringField(fields, 'username', errors, { required: true, maxLength: 150 });
    const password = stringField(fields, 'password', errors, {
      required: true,
      maxLength: 1024,
    });
    errors.throwIfAny();
    return this.tokens.obtain(username as string, password as string, attemptContext(request));
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Spend a refresh token for a new pair',
    description:
      'Rotation: the refresh token sent stops working. Sending it again revokes every token descended from the same sign-in.',
  })
  @ApiBody({ type: TokenRefreshSchema })
  @ApiOkResponse({ type: TokenPairSchema })
  @ApiBadRequestResponse({ type: ErrorSchema, description: 'The field is missing.' })
  @ApiUnauthorizedResponse({
    type: ErrorSchema,
    description: 'Invalid, expired or already used; or its user is no longer active.',
  })
  refresh(@Body() body: unknown): Promise<TokenPair> {
    const fields = readFields(body);
    const errors = new FieldErrors();
    const refresh = stringField(fields, 'refresh', errors, { required: true });
    errors.throwIfAny();
    return this.tokens.refresh(refresh as string);
  }
}
