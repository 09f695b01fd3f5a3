import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { Logger, PinoLogger } from 'nestjs-pino';
import { acmeDnsUpdateCredentials, isAcmeDnsRequest } from '../acme-dns/acme-dns-http';
import { serveApiDocs } from './openapi';
import { AppModule } from '../app.module';
import { AppError } from '../common/app-error';
import { AuthenticationService } from '../identity/authentication.service';
import { ChallengesService } from '../challenges/challenges.service';
import type { AppConfig } from '../config/app-config';
import { httpMetrics } from '../metrics/http-metrics';
import { withFrameworkLinesAtDebug } from '../logging/framework-lines';
import { logRefusal } from '../logging/refusal-log';
import { Metrics } from '../metrics/metrics';
import { requestSpans } from '../tracing/request-spans';
import type { Tracing } from '../tracing/tracing';
import { TRACING } from '../tracing/tracing.module';
import { isAllowedHost } from './allowed-hosts';
import { statusOf } from './error-response';
import { ErrorFilter } from './error.filter';
import { BoundedExpressAdapter } from './http-server';
import { clientAddressResolver } from './client-address';
import { frontDoor, throttledCredentials, unreadableBody } from './front-door';
import { httpreqLane } from './httpreq-lane';
import { MAX_BODY_BYTES } from './request-framing';

/** The HTTP application, assembled exactly as `serve` runs it (tests use this too). */
export async function createHttpApp(config: AppConfig): Promise<NestExpressApplication> {
  const adapter = new BoundedExpressAdapter(config.requestTimeoutSeconds, config.trustedProxies);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(withFrameworkLinesAtDebug(app.get(Logger)));
  app.disable('x-powered-by');
  // Only the configured proxies may name the client (X-Forwarded-For) and its scheme (-Proto).
  app.set('trust proxy', config.trustedProxies.length > 0 ? config.trustedProxies : false);
  const logger: PinoLogger = await app.resolve(PinoLogger);
  app.useGlobalFilters(new ErrorFilter(logger));
  const clientAddress = clientAddressResolver(config.trustedProxies);
  const authentication = app.get(AuthenticationService);
  adapter.setFrontDoor(
    frontDoor(
      [
        unreadableBody,
        throttledCredentials(
          authentication,
          clientAddress,
          config.acmeDnsZone === undefined
            ? undefined
            : acmeDnsUpdateCredentials(config.acmeDnsPrefix),
        ),
      ],
      logger.logger,
    ),
    logger.logger,
  );
  const tracer = app.get<Tracing>(TRACING).tracer;
  const metrics = app.get(Metrics);
  adapter.setLane(
    httpreqLane({
      authentication,
      challenges: app.get(ChallengesService),
      log: logger,
      tracer,
      metrics,
      clientAddress,
      allowedHosts: config.allowedHosts,
    }),
  );
  app.use(requestSpans(tracer));
  adapter.observeWaitingConnections((waiting, arrived) => {
    metrics.connectionsWaiting.set(waiting);
    if (arrived) metrics.connectionsWaited.inc();
  });
  app.use(httpMetrics(metrics));
  app.use((request: Request, _response: Response, next: NextFunction) => {
    // Probes come from Pebble and the kubelet by address, whatever the allowed names are.
    if (
      request.path.startsWith('/health/') ||
      isAllowedHost(request.headers.host, config.allowedHosts)
    ) {
      next();
      return;
    }
    const error = new AppError(
      'disallowed_host',
      `the host "${request.headers.host ?? ''}" is not served here`,
    );
    // Refused before the request log's middleware: its line is written here.
    logRefusal(logger.logger, 'request refused: host not served', request, {
      status: statusOf(error.code),
      error: error.code,
    });
    next(error);
  });
  // acme-dns reads its bodies as JSON whatever their Content-Type (or none): taken as text here.
  if (config.acmeDnsZone !== undefined) {
    app.useBodyParser('text', {
      type: (request: IncomingMessage) => isAcmeDnsRequest(request, config.acmeDnsPrefix),
      limit: MAX_BODY_BYTES,
    });
  }
  // Not strict: a bare scalar must reach the handler, to be refused with a message that says why.
  app.useBodyParser('json', { limit: MAX_BODY_BYTES, strict: false });
  app.useBodyParser('urlencoded', { limit: MAX_BODY_BYTES, extended: false });
  serveApiDocs(app);
  app.enableShutdownHooks();
  return app;
}
