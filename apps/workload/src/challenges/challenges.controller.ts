import { All, Body, Controller, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { BasicAuthGuard } from '../identity/basic-auth.guard';
import { CurrentUser } from '../identity/current-user.decorator';
import type { User } from '../accounts/user.entity';
import { AppError } from '../common/app-error';
import { parseChallengeRequest } from './challenge-request';
import { ChallengesService } from './challenges.service';
import { ChallengeContentTypeInterceptor } from './content-type.interceptor';

const FORM_LIMITS = { limits: { fieldSize: 16 * 1024, fields: 16, files: 0, parts: 16 } };

/** lego's httpreq endpoints. */
@Controller()
export class ChallengesController {
  constructor(private readonly challenges: ChallengesService) {}

  @Post('present')
  @HttpCode(204)
  @UseGuards(BasicAuthGuard)
  @UseInterceptors(ChallengeContentTypeInterceptor, NoFilesInterceptor(FORM_LIMITS))
  async present(@CurrentUser() user: User, @Body() body: unknown): Promise<void> {
    await this.challenges.change('present', user, parseChallengeRequest(body));
  }

  @Post('cleanup')
  @HttpCode(204)
  @UseGuards(BasicAuthGuard)
  @UseInterceptors(ChallengeContentTypeInterceptor, NoFilesInterceptor(FORM_LIMITS))
  async cleanup(@CurrentUser() user: User, @Body() body: unknown): Promise<void> {
    await this.challenges.change('cleanup', user, parseChallengeRequest(body));
  }

  @All(['present', 'cleanup'])
  otherMethods(): never {
    throw new AppError('method_not_allowed', 'use POST', { allow: 'POST' });
  }
}
