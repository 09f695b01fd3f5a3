import { trace, type Tracer } from '@opentelemetry/api';

export const SERVICE_NAME = 'httprequest-lego-provider';

/** Where spans go: nowhere (the API's no-op tracer) unless an OTLP endpoint is configured. */
export interface Tracing {
  readonly tracer: Tracer;
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

export async function createTracing(otlpEndpoint: string | undefined): Promise<Tracing> {
  if (!otlpEndpoint) {
    return { tracer: trace.getTracer(SERVICE_NAME), shutdown: async () => undefined };
  }
  // The SDK and its exporter (about 1 MB of modules) are loaded only when spans are sent.
  const { otlpTracerProvider } = await import('./otlp-tracing.js');
  const provider = otlpTracerProvider(otlpEndpoint, SERVICE_NAME);
  return { tracer: provider.getTracer(SERVICE_NAME), shutdown: () => provider.shutdown() };
}
