import { type DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { acmeDnsModules } from './acme-dns/acme-dns.module';
import { AdminApiModule } from './admin-api/admin-api.module';
import { AdministrationModule } from './administration/administration.module';
import { AdminWebModule } from './admin-web/admin-web.module';
import { IdentityModule } from './identity/identity.module';
import { ChallengesModule } from './challenges/challenges.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DomainsModule } from './domains/domains.module';
import { HealthModule } from './health/health.module';
import { loggingModule } from './logging/logging.module';
import { MetricsEndpointModule } from './metrics/metrics-endpoint.module';
import { MetricsModule } from './metrics/metrics.module';
import { TracingModule } from './tracing/tracing.module';
import { TakeoverModule } from './takeover/takeover.module';

/** Configuration, logs, the database, accounts, grants and their administration: what every command needs. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, role: 'server' | 'command'): DynamicModule {
    const server = role === 'server';
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        // A command's output is its answer: its logs go to stderr.
        loggingModule(config, server ? 'stdout' : 'stderr'),
        MetricsModule,
        DatabaseModule.forRoot(config.database, { hearChanges: server }),
        AccountsModule,
        DomainsModule,
        AdministrationModule,
        TakeoverModule,
      ],
      exports: [AccountsModule, DomainsModule, AdministrationModule, TakeoverModule],
    };
  }
}

/** The server: the core plus the record store, the httpreq API and the health probes. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, 'server'),
        TracingModule,
        MetricsEndpointModule,
        HealthModule,
        ChallengesModule,
        IdentityModule,
        AdminApiModule,
        AdminWebModule,
        ...acmeDnsModules(config),
      ],
    };
  }
}
