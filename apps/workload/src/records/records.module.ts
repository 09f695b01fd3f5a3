import { mkdir } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { trimCHeapIfDue } from '../common/c-heap-trim';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PostgresPushTurns } from '../database/postgres-push-turns';
import { Metrics } from '../metrics/metrics';
import type { Tracing } from '../tracing/tracing';
import { TRACING } from '../tracing/tracing.module';
import { gitEnvironment, sshStateDir } from './git-environment';
import { NO_TURNS, type PushTurns } from './push-turns';
import { RecordStore } from './record-store';
import { recordStoreReporting } from './record-store-reporting';
import { WorkingClone } from './working-clone';

const PUSH_TURNS = Symbol('PushTurns');

/** The first address of this host that is not a loopback one (a pod's own), else 127.0.0.1. */
function hostAddress(): string {
  const addresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const external = addresses.filter((address) => !address.internal);
  return (
    (external.find((address) => address.family === 'IPv4') ?? external[0])?.address ?? '127.0.0.1'
  );
}

/**
 * On PostgreSQL, instances may share the remote: they take turns at pushing to it, through an
 * advisory lock named after the repository and branch, and hand each push over to the next; an
 * instance that finds the turn held hands its batch to the holder. A hand-off nobody takes for
 * longer than one git command may take means a peer is stuck: the batch goes without its turn.
 * With `HLP_PEER_PORT`, the holder takes hand-offs and answers them over TCP (ADR 0007).
 */
function createPushTurns(config: AppConfig, logger: PinoLogger): PushTurns {
  if (config.database.type !== 'postgres') return NO_TURNS;
  const branch = config.gitBranch ?? config.gitRepo.branch ?? '';
  return new PostgresPushTurns({
    url: config.database.url,
    name: `push to ${config.gitRepo.redacted} ${branch}`,
    waitMs: config.gitTimeoutSeconds * 1000,
    peers:
      config.peerPort === undefined
        ? undefined
        : {
            address: config.peerAddress ?? hostAddress(),
            port: config.peerPort,
            onUnavailable: (error) =>
              logger.warn(
                { err: error },
                'the peer channel is not available: batches handed off go through the database',
              ),
          },
    onNoTurn: (error) =>
      logger.warn({ err: error }, 'no turn at pushing: this batch goes without waiting for it'),
  });
}

async function createRecordStore(
  config: AppConfig,
  logger: PinoLogger,
  metrics: Metrics,
  tracing: Tracing,
  turns: PushTurns,
): Promise<RecordStore> {
  // ssh keeps its shared connection (and, if allowed, learnt host keys) here: private to us.
  await mkdir(sshStateDir(config.dataDir), { recursive: true, mode: 0o700 });
  const clone = new WorkingClone({
    dir: join(config.dataDir, 'repository'),
    url: config.gitRepo.url,
    redactedUrl: config.gitRepo.redacted,
    branch: config.gitBranch ?? config.gitRepo.branch,
    timeoutMs: config.gitTimeoutSeconds * 1000,
    env: gitEnvironment({
      dataDir: config.dataDir,
      sshKeyFile: config.gitSshKeyFile,
      knownHostsFile: config.gitKnownHostsFile,
      acceptNewHostKeys: config.gitSshAcceptNewHostKeys,
      timeoutSeconds: config.gitTimeoutSeconds,
      inherited: config.childEnvironment,
    }),
  });
  return new RecordStore(
    clone,
    {
      ttl: config.txtTtl,
      bumpSerial: config.bumpSoaSerial,
      maxAttempts: 8,
      maxBatchSize: 500,
      authorEmailDomain: config.gitAuthorEmailDomain,
      retryAfterSeconds: 5,
      // That answer is a round trip to PostgreSQL: a few milliseconds on a busy machine.
      othersFirstMs: 10,
    },
    // A batch in flight is the moment for the C heap's trim (common/c-heap-trim.ts).
    { ...recordStoreReporting(metrics, logger), batchInFlight: trimCHeapIfDue },
    tracing.tracer,
    turns,
  );
}

@Module({
  providers: [
    { provide: PUSH_TURNS, useFactory: createPushTurns, inject: [APP_CONFIG, PinoLogger] },
    {
      provide: RecordStore,
      useFactory: createRecordStore,
      inject: [APP_CONFIG, PinoLogger, Metrics, TRACING, PUSH_TURNS],
    },
  ],
  exports: [RecordStore],
})
export class RecordsModule implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly store: RecordStore,
    private readonly logger: PinoLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PUSH_TURNS) private readonly turns: PushTurns,
  ) {
    logger.setContext(RecordsModule.name);
  }

  /** A remote that is down at start-up is not fatal: requests get 503 and readiness retries. */
  async onModuleInit(): Promise<void> {
    // Neither awaited nor fatal: should it fail, the first batch connects.
    void this.turns.connect().catch(() => undefined);
    try {
      await this.store.open();
      this.logger.info({ repository: this.config.gitRepo.redacted }, 'zone repository ready');
    } catch (error) {
      this.logger.warn(
        { repository: this.config.gitRepo.redacted, err: error },
        'zone repository unavailable at start-up',
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.turns.close();
  }
}
