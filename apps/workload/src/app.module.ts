import { type DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DomainsModule } from './domains/domains.module';
import { HealthModule } from './health/health.module';
import { type LogDestination, loggingModule } from './logging/logging.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logDestination: LogDestination): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        loggingModule(config, logDestination),
        DatabaseModule.forRoot(config.database),
        HealthModule,
        AccountsModule,
        DomainsModule,
      ],
    };
  }
}
