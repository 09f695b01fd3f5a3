import { type ClientRequest, request } from 'node:http';

/** An answer of the service, as a client sees it. */
export interface Answer {
  readonly status: number;
  readonly retryAfter?: string;
  readonly body: { error?: string; message?: string; [field: string]: unknown };
}

export interface LoopbackRequest {
  readonly port: number;
  /** The client's own address: anything in 127.0.0.0/8 reaches the server as a distinct client. */
  readonly from: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly json: unknown;
}

export const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** Sends a JSON POST on a fresh connection; `sent` sees the request once it is on its way. */
export function postFrom(
  options: LoopbackRequest,
  sent?: (call: ClientRequest) => void,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const call = request(
      {
        host: '127.0.0.1',
        port: options.port,
        localAddress: options.from,
        method: 'POST',
        path: options.path,
        agent: false,
        headers: { 'Content-Type': 'application/json', ...options.headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'],
            body: text ? (JSON.parse(text) as Answer['body']) : {},
          }),
        );
      },
    );
    call.on('error', reject);
    call.end(JSON.stringify(options.json));
    sent?.(call);
  });
}
