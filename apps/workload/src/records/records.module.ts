import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';
import type { Tracing } from '../tracing/tracing';
import { TRACING } from '../tracing/tracing.module';
import { gitEnvironment, sshStateDir } from './git-environment';
import { RecordStore } from './record-store';
import { recordStoreReporting } from './record-store-reporting';
import { WorkingClone } from './working-clone';

async function createRecordStore(
  config: AppConfig,
  logger: PinoLogger,
  metrics: Metrics,
  tracing: Tracing,
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
    },
    recordStoreReporting(metrics, logger),
    tracing.tracer,
  );
}

@Module({
  providers: [
    {
      provide: RecordStore,
      useFactory: createRecordStore,
      inject: [APP_CONFIG, PinoLogger, Metrics, TRACING],
    },
  ],
  exports: [RecordStore],
})
export class RecordsModule implements OnModuleInit {
  constructor(
    private readonly store: RecordStore,
    private readonly logger: PinoLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    logger.setContext(RecordsModule.name);
  }

  /** A remote that is down at start-up is not fatal: requests get 503 and readiness retries. */
  async onModuleInit(): Promise<void> {
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
}
