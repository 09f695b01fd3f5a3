import { createServer, type Server } from 'node:http';
import {
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from './metrics';

/** Serves `GET /metrics` on a port of its own, so that the API's ingress never exposes it. */
@Module({})
export class MetricsEndpointModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    private readonly logger: PinoLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    logger.setContext(MetricsEndpointModule.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === 0) return;
    this.server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response
          .writeHead(404, { 'Content-Type': 'text/plain' })
          .end('not found: use GET /metrics\n');
        return;
      }
      this.metrics.render().then(
        (text) => response.writeHead(200, { 'Content-Type': this.metrics.contentType }).end(text),
        (error: unknown) => {
          this.logger.error({ err: error }, 'cannot render metrics');
          response.writeHead(500).end();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server
        ?.once('error', reject)
        .listen(this.config.metricsPort, this.config.metricsHost, resolve);
    });
    this.logger.info(
      `metrics on http://${this.config.metricsHost}:${this.config.metricsPort}/metrics`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
