import { Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppError } from '../common/app-error';
import { AdminPages } from './admin-controller';
import { AdminAssets, ASSETS_DIR } from './assets';

/** The admin pages' stylesheet and script, cached for good under their content-hashed names. */
@AdminPages()
export class AssetsController {
  constructor(private readonly assets: AdminAssets) {}

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() response: Response): void {
    const file = this.assets.file(name);
    if (!file) throw new AppError('not_found', `no asset ${JSON.stringify(name.slice(0, 80))}`);
    response.sendFile(file, { root: ASSETS_DIR, maxAge: '1y', immutable: true });
  }
}
