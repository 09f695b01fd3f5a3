import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { createTracing, type Tracing } from './tracing';

export const TRACING = Symbol('TRACING');

/** OpenTelemetry traces: a span per request and per record-store step, when switched on. */
@Global()
@Module({
  providers: [
    {
      provide: TRACING,
      useFactory: (config: AppConfig) => createTracing(config.otlpEndpoint),
      inject: [APP_CONFIG],
    },
  ],
  exports: [TRACING],
})
export class TracingModule implements OnApplicationShutdown {
  constructor(@Inject(TRACING) private readonly tracing: Tracing) {}

  onApplicationShutdown(): Promise<void> {
    return this.tracing.shutdown();
  }
}
