import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

/** What the stand-in answers on `/health/ready`. */
export interface ReadyAnswer {
  readonly status: number;
  readonly body: string;
}

export const READY: ReadyAnswer = { status: 200, body: '{"status":"ok"}' };

/**
 * Stands in for the workload where the charm talks to it directly: its readiness probe, on a
 * loopback port of its own (the in-process tests run no workload). Tests set `answer`.
 */
export class WorkloadStandIn {
  answer: ReadyAnswer = READY;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<WorkloadStandIn> {
    let standIn: WorkloadStandIn | undefined;
    const server = createServer((req, res) => {
      const { status, body } =
        req.url === '/health/ready' ? (standIn?.answer ?? READY) : { status: 404, body: '' };
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    standIn = new WorkloadStandIn(server, (server.address() as AddressInfo).port);
    return standIn;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
