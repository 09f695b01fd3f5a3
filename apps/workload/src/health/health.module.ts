import { Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { pendingMigrations } from '../database/migrations';
import { GitCommandError } from '../records/git-process';
import { RecordStore } from '../records/record-store';
import { RecordsModule } from '../records/records.module';
import { HealthController } from './health.controller';
import { ReadinessFailure, ReadinessRegistry } from './readiness';

/** What the unauthenticated readiness probe may say: never the repository's URL, path or host, nor git's text. */
function repositoryFailure(error: unknown): ReadinessFailure {
  if (!(error instanceof GitCommandError)) return new ReadinessFailure('unavailable', error);
  return new ReadinessFailure(error.timedOut ? 'no answer in time' : 'unreachable', error);
}

/** The probes, and what readiness depends on: the database and the zone repository. */
@Module({
  imports: [RecordsModule],
  controllers: [HealthController],
  providers: [ReadinessRegistry],
})
export class HealthModule implements OnModuleInit {
  constructor(
    private readonly registry: ReadinessRegistry,
    private readonly store: RecordStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register('database', async () => {
      await this.dataSource.query('SELECT 1');
      const pending = await pendingMigrations(this.dataSource);
      if (pending.length > 0) {
        throw new ReadinessFailure(
          `${pending.length} migration(s) not applied: run \`lego-provider migrate\``,
        );
      }
    });
    this.registry.register('repository', () =>
      this.store.check().catch((error: unknown) => {
        throw repositoryFailure(error);
      }),
    );
  }
}
