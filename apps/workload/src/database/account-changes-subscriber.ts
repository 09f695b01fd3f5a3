import type { EntitySubscriberInterface, InsertEvent, RemoveEvent, UpdateEvent } from 'typeorm';
import type { AccountReads } from './account-reads';

/** The tables {@link AccountReads} keeps reads of (the triggers of AccountChangeNotices name the same). */
const ACCOUNT_TABLES = new Set(['users', 'domains', 'domain_permissions']);

/**
 * Tells {@link AccountReads} of this process's own writes as they happen, so that a request
 * after an administrator's change never sees what was kept before it, even before PostgreSQL's
 * notice of it arrives. A write inside a transaction counts again when the transaction commits:
 * a read between the two saw the data before the commit.
 */
export class AccountChangesSubscriber implements EntitySubscriberInterface {
  constructor(private readonly reads: AccountReads) {}

  afterInsert(event: InsertEvent<unknown>): void {
    this.wrote(event.metadata.tableName);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.wrote(event.metadata.tableName);
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    this.wrote(event.metadata.tableName);
  }

  afterTransactionCommit(): void {
    this.reads.changed();
  }

  private wrote(table: string): void {
    if (ACCOUNT_TABLES.has(table)) this.reads.changed();
  }
}
