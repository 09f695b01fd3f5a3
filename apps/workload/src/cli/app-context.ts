import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { CoreModule } from '../app.module';
import { AppError } from '../common/app-error';
import type { AppConfig } from '../config/app-config';
import { startupConfig } from '../config/startup-config';
import { dataSourceOf, pendingMigrations } from '../database/migrations';
import type { CliIo } from './io';

export interface ContextOptions {
  /** Commands that manage data refuse to run on a database that is not migrated yet. */
  readonly requireMigrated: boolean;
}

/** Runs `work` inside the application (services, database), without the HTTP server. */
export async function withAppContext<T>(
  io: CliIo,
  options: ContextOptions,
  work: (app: INestApplicationContext, config: AppConfig) => Promise<T>,
): Promise<T> {
  const config = await startupConfig(io.env);
  const app = await NestFactory.createApplicationContext(CoreModule.forRoot(config, 'command'), {
    logger: false,
    abortOnError: false,
  });
  try {
    if (options.requireMigrated) {
      const pending = await pendingMigrations(dataSourceOf(app));
      if (pending.length > 0) {
        throw new AppError(
          'not_ready',
          `the database has ${pending.length} migration(s) not applied yet: run \`lego-provider migrate\` first`,
        );
      }
    }
    return await work(app, config);
  } finally {
    await app.close();
  }
}
