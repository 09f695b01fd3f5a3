import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const PREFIX = 'lego_provider_';

/**
 * Every metric the service exports, on a registry of its own. Labels stay low-cardinality:
 * routes, methods, statuses and result codes; never a user name or a DNS name.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: `${PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by route, method and status.',
    labelNames: ['route', 'method', 'status'],
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'Time to answer an HTTP request, by route and method.',
    labelNames: ['route', 'method'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly connectionsWaiting = new Gauge({
    name: `${PREFIX}http_connections_waiting`,
    help: 'Connections accepted and not yet read: their client (IPv4 address, IPv6 /64) has used its places.',
    registers: [this.registry],
  });

  readonly connectionsWaited = new Counter({
    name: `${PREFIX}http_connections_waited_total`,
    help: 'Connections that waited for a place of their client before being read.',
    registers: [this.registry],
  });

  readonly challenges = new Counter({
    name: `${PREFIX}challenges_total`,
    help: 'Answers to /present and /cleanup, by operation and result (ok or the error code).',
    labelNames: ['operation', 'result'],
    registers: [this.registry],
  });

  readonly batchSize = new Histogram({
    name: `${PREFIX}record_batch_size`,
    help: 'Changes carried by one commit and push of the record store.',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    registers: [this.registry],
  });

  readonly batches = new Counter({
    name: `${PREFIX}record_batches_total`,
    help: 'Batches of the record store, by result (pushed, unchanged, failed).',
    labelNames: ['result'],
    registers: [this.registry],
  });

  readonly pushDuration = new Histogram({
    name: `${PREFIX}record_push_duration_seconds`,
    help: 'Time of one push of the record store, whatever its outcome.',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly pushRetries = new Counter({
    name: `${PREFIX}record_push_retries_total`,
    help: 'Pushes tried again after another writer moved the branch first.',
    registers: [this.registry],
  });

  readonly pushRejections = new Counter({
    name: `${PREFIX}record_push_rejections_total`,
    help: 'Pushes the remote refused: stale (another writer was first) or refused (hooks, permissions).',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  readonly queueDepth = new Gauge({
    name: `${PREFIX}record_queue_depth`,
    help: 'Changes waiting for the next batch of the record store.',
    registers: [this.registry],
  });

  readonly queueWait = new Histogram({
    name: `${PREFIX}record_queue_wait_seconds`,
    help: 'Time a change waited in the record store queue, from its request to the start of its batch.',
    // From a change that starts a batch at once (well under 1 ms) to one queued behind slow pushes.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly lastPush = new Gauge({
    name: `${PREFIX}record_last_push_timestamp_seconds`,
    help: 'When the record store last pushed successfully (Unix time).',
    registers: [this.registry],
  });

  readonly cloneRebuilds = new Counter({
    name: `${PREFIX}record_clone_rebuilds_total`,
    help: 'Times the working clone was found damaged (on opening it, or during a batch) and cloned again.',
    labelNames: ['during'],
    registers: [this.registry],
  });

  readonly credentialCache = new Counter({
    name: `${PREFIX}credential_cache_requests_total`,
    help: 'Password checks answered from the credential cache (hit) or by hashing (miss).',
    labelNames: ['result'],
    registers: [this.registry],
  });

  readonly passwordHashes = new Counter({
    name: `${PREFIX}auth_password_hashes_total`,
    help: 'Password hashes computed to check credentials, by result (match, mismatch, unknown_user).',
    labelNames: ['result'],
    registers: [this.registry],
  });

  readonly authRefused = new Counter({
    name: `${PREFIX}auth_refused_total`,
    help: 'Authentication attempts refused before any hash, by reason (guessing, client_failures, client_busy, queue_full).',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  readonly authCancelled = new Counter({
    name: `${PREFIX}auth_cancelled_total`,
    help: 'Queued password checks dropped because their client went away.',
    registers: [this.registry],
  });

  readonly hashQueueLength = new Gauge({
    name: `${PREFIX}auth_hash_queue_length`,
    help: 'Password checks waiting for a hashing thread.',
    registers: [this.registry],
  });

  readonly hashWait = new Histogram({
    name: `${PREFIX}auth_hash_wait_seconds`,
    help: 'Time a password check waited for a hashing thread.',
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly eventLoopBusy = new Counter({
    name: `${PREFIX}event_loop_busy_seconds_total`,
    help: 'Time the event loop spent running code, not waiting for events: growing by nearly a second a second, the service is bound by its one main thread.',
    registers: [this.registry],
    collect() {
      // Node keeps the sum since the process started: the counter is set to it at each scrape.
      this.reset();
      this.inc(performance.eventLoopUtilization().active / 1000);
    },
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
