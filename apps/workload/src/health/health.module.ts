import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { pendingMigrations } from '../database/migrations';
import { HealthController } from './health.controller';
import { ReadinessFailure, ReadinessRegistry } from './readiness';

@Global()
@Module({
  controllers: [HealthController],
  providers: [ReadinessRegistry],
  exports: [ReadinessRegistry],
})
export class HealthModule implements OnModuleInit {
  constructor(
    private readonly registry: ReadinessRegistry,
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
  }
}
