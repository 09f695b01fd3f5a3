import { trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export const SERVICE_NAME = 'httprequest-lego-provider';

/** Where spans go: nowhere (the API's no-op tracer) unless an OTLP endpoint is configured. */
export interface Tracing {
  readonly tracer: Tracer;
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

export function createTracing(otlpEndpoint: string | undefined): Tracing {
  if (!otlpEndpoint) {
    return { tracer: trace.getTracer(SERVICE_NAME), shutdown: async () => undefined };
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: SERVICE_NAME }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpEndpoint }))],
  });
  // Installs the context manager that carries the active span across awaits.
  provider.register();
  return { tracer: provider.getTracer(SERVICE_NAME), shutdown: () => provider.shutdown() };
}
