import type { Client, QueryConfig, QueryResult, QueryResultRow } from 'pg';

/** Statements sent on a connection that several callers share. */
export interface Statements {
  query<R extends QueryResultRow = QueryResultRow>(statement: QueryConfig): Promise<QueryResult<R>>;
}

/**
 * A connection's statements sent one after the other, in the order asked. pg still queues them
 * itself, but deprecates it (a third one queued warns: the turns' connection carries a turn's
 * take, the answers and records of the one before, and the following of the record) and pg 9
 * drops it.
 */
export function serialStatements(client: Client): Statements {
  let last: Promise<unknown> = Promise.resolve();
  return {
    query: <R extends QueryResultRow>(statement: QueryConfig) => {
      const sent = last.then(() => client.query<R>(statement));
      last = sent.catch(() => undefined);
      return sent;
    },
  };
}
