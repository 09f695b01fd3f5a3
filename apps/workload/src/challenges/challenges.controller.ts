import {
  All,
  applyDecorators,
  Controller,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  Post,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBasicAuth,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExcludeEndpoint,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { User } from '../accounts/user.entity';
import { apiError, schemaRef } from '../common/api-schemas';
import { AppError } from '../common/app-error';
import { BasicAuthGuard } from '../identity/basic-auth.guard';
import { CurrentUser } from '../identity/current-user.decorator';
import {
  type ChallengeRequest,
  defaultChallenge,
  rawChallenge,
  readChallenge,
} from './challenge.schema';
import { ChallengesService } from './challenges.service';
import { ACCEPTED_TYPES, ChallengeContentTypeInterceptor } from './content-type.interceptor';

const FORM_LIMITS = { limits: { fieldSize: 16 * 1024, fields: 16, files: 0, parts: 16 } };

/** The body, read by its schema; a form missing fields gets a hint about the content type. */
const ChallengeInput = createParamDecorator(
  (_: unknown, context: ExecutionContext): ChallengeRequest => {
    const request = context.switchToHttp().getRequest<Request>();
    return readChallenge(
      request.body,
      typeof request.is(['application/x-www-form-urlencoded', 'multipart/form-data']) === 'string',
    );
  },
);

/**
 * An httpreq call: a POST answered 204, Basic credentials, the challenge bodies, and what else
 * it may answer.
 */
function ChallengeCall(
  action: 'present' | 'cleanup',
  summary: string,
  description: string,
): MethodDecorator {
  return applyDecorators(
    Post(action),
    HttpCode(204),
    UseGuards(BasicAuthGuard),
    UseInterceptors(ChallengeContentTypeInterceptor, NoFilesInterceptor(FORM_LIMITS)),
    ApiOperation({ operationId: `httpreq_${action}`, summary, description }),
    ApiBody({
      required: true,
      schema: { oneOf: [schemaRef(defaultChallenge), schemaRef(rawChallenge)] },
    }),
    ApiNoContentResponse({ description: 'Done (or already so: retries are safe).' }),
    ApiBadRequestResponse(apiError('Invalid name or value.')),
    ApiUnauthorizedResponse(apiError('No valid credentials.')),
    ApiForbiddenResponse(apiError('The user may not manage this name.')),
    ApiNotFoundResponse(apiError('No zone file covers the name.')),
    ApiServiceUnavailableResponse(apiError('The zone repository is unavailable; retry later.')),
  );
}

/** lego's httpreq endpoints. */
@ApiTags('httpreq')
@ApiBasicAuth('basic')
@ApiBearerAuth('bearer')
@ApiConsumes(...ACCEPTED_TYPES)
@Controller()
export class ChallengesController {
  constructor(private readonly challenges: ChallengesService) {}

  @ChallengeCall(
    'present',
    'Present a challenge value',
    'Adds a TXT record with `value` at `fqdn` (`_acme-challenge.<name>`), when the user holds `domain` access on `<name>` or `subdomain` access on a domain above it. Several values may live at one name.',
  )
  async present(
    @CurrentUser() user: User,
    @ChallengeInput() request: ChallengeRequest,
  ): Promise<void> {
    await this.challenges.change('present', user, request);
  }

  @ChallengeCall(
    'cleanup',
    'Clean up a challenge value',
    'Removes the TXT record with exactly this `value` at `fqdn`; others at that name stay.',
  )
  async cleanup(
    @CurrentUser() user: User,
    @ChallengeInput() request: ChallengeRequest,
  ): Promise<void> {
    await this.challenges.change('cleanup', user, request);
  }

  @All(['present', 'cleanup'])
  @ApiExcludeEndpoint()
  otherMethods(): never {
    throw new AppError('method_not_allowed', 'use POST', { allow: 'POST' });
  }
}
