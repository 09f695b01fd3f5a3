import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Database } from '@hlp/config';
import { dataSourceOptions } from './data-source-options';
import { Transactions } from './transactions';

@Module({})
export class DatabaseModule {
  static forRoot(database: Database): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(database), retryAttempts: 0 })],
      providers: [Transactions],
      exports: [Transactions],
    };
  }
}
