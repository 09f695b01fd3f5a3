import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * What the stand-in answers on `/health/ready`; `hang-up` closes the connection instead, and
 * `silent` never answers (as a stopped process, until the prober gives up).
 */
export type ReadyAnswer = { readonly status: number; readonly body: string } | 'hang-up' | 'silent';

export const READY: ReadyAnswer = { status: 200, body: '{"status":"ok"}' };

/**
 * Stands in for the workload where the charm talks to it directly: its readiness probe, on a
 * loopback port of its own (the in-process tests run no workload). Tests set `answer`.
 */
export class WorkloadStandIn {
  answer: ReadyAnswer = READY;
  private readonly server = createServer((req, res) => this.respond(req, res));

  private constructor() {}

  static async start(): Promise<WorkloadStandIn> {
    const standIn = new WorkloadStandIn();
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private respond(req: IncomingMessage, res: ServerResponse): void {
    const answer = req.url === '/health/ready' ? this.answer : { status: 404, body: '' };
    if (answer === 'silent') return;
    if (answer === 'hang-up') {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  }
}
