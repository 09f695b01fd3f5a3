import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { type Readiness, ReadinessRegistry } from './readiness';

/** Unauthenticated probes for Pebble and Kubernetes. */
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(
    @Res({ passthrough: true }) response: Response,
  ): Promise<Readiness & { status: string }> {
    const readiness = await this.readiness.evaluate();
    if (!readiness.ready) response.status(503);
    return { status: readiness.ready ? 'ok' : 'unavailable', ...readiness };
  }
}
