import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import type { Database } from '@hlp/config';
import type { DataSource } from 'typeorm';
import { AccountChangesSubscriber } from './account-changes-subscriber';
import { AccountReads } from './account-reads';
import { dataSourceOptions } from './data-source-options';
import { PostgresChangeFeed } from './postgres-change-feed';
import { SqliteChangeFeed, type SqliteConnection } from './sqlite-change-feed';
import { Transactions } from './transactions';

/** Wait before listening again for account changes after the connection broke. */
const LISTEN_RETRY_MS = 5_000;

/**
 * A server keeps what requests read of accounts while the database announces no change (on
 * PostgreSQL through LISTEN, on SQLite through data_version); a command, short-lived, reads the
 * database every time.
 */
async function accountReads(
  database: Database,
  hearChanges: boolean,
  logger: PinoLogger,
  dataSource: DataSource,
): Promise<AccountReads> {
  if (!hearChanges) return new AccountReads();
  const reads = new AccountReads(
    database.type === 'postgres'
      ? await listeningFeed(database.url, logger)
      : new SqliteChangeFeed(
          (dataSource.driver as unknown as { databaseConnection: SqliteConnection })
            .databaseConnection,
        ),
  );
  dataSource.subscribers.push(new AccountChangesSubscriber(reads));
  return reads;
}

async function listeningFeed(url: string, logger: PinoLogger): Promise<PostgresChangeFeed> {
  const feed = new PostgresChangeFeed({
    url,
    retryMs: LISTEN_RETRY_MS,
    onLost: (error) =>
      logger.warn(
        { err: error },
        'not hearing account changes from PostgreSQL: every request reads its account from the database until listening again',
      ),
  });
  await feed.listen();
  return feed;
}

@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly reads: AccountReads) {}

  static forRoot(database: Database, options: { readonly hearChanges: boolean }): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(database), retryAttempts: 0 })],
      providers: [
        Transactions,
        {
          provide: AccountReads,
          useFactory: (logger: PinoLogger, dataSource: DataSource) =>
            accountReads(database, options.hearChanges, logger, dataSource),
          inject: [PinoLogger, getDataSourceToken()],
        },
      ],
      exports: [Transactions, AccountReads],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.reads.close();
  }
}
