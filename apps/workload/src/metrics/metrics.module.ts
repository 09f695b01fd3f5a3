import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** The registry every module reports to. */
@Global()
@Module({
  providers: [Metrics],
  exports: [Metrics],
})
export class MetricsModule {}
