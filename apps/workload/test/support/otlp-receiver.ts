import { createServer } from 'node:http';
import { freePort } from './ports';

export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly links: readonly { traceId: string; spanId: string }[];
  readonly attributes: Record<string, unknown>;
}

export interface OtlpReceiver {
  readonly endpoint: string;
  readonly spans: ReceivedSpan[];
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}

/** OTLP/HTTP carries ids as hex in JSON; accept base64 too, as the protobuf JSON mapping has it. */
function hex(id: string | undefined): string | undefined {
  if (!id) return undefined;
  return /^[0-9a-f]+$/.test(id) ? id : Buffer.from(id, 'base64').toString('hex');
}

/** A real OTLP/HTTP trace receiver (JSON encoding), keeping every span it is sent. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const payload = JSON.parse(body) as {
        resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
      };
      for (const resource of payload.resourceSpans) {
        for (const scope of resource.scopeSpans) {
          for (const span of scope.spans) {
            const attributes = Object.fromEntries(
              ((span.attributes ?? []) as { key: string; value: OtlpValue }[]).map((a) => [
                a.key,
                a.value.stringValue ?? a.value.intValue ?? a.value.boolValue,
              ]),
            );
            spans.push({
              traceId: hex(span.traceId as string) as string,
              spanId: hex(span.spanId as string) as string,
              parentSpanId: hex(span.parentSpanId as string | undefined),
              name: span.name as string,
              links: ((span.links ?? []) as { traceId: string; spanId: string }[]).map((link) => ({
                traceId: hex(link.traceId) as string,
                spanId: hex(link.spanId) as string,
              })),
              attributes,
            });
          }
        }
      }
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
