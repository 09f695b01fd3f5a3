import type { QueryConfig } from 'pg';

/**
 * A statement PostgreSQL parses and plans once on a connection, then only binds and runs: for
 * what the turns send with every batch, whose parsing and planning cost more than running it
 * (a hand-off's row 0.44 to 0.50 ms sent as text each time, 0.17 to 0.20 prepared; taking the
 * rows 0.61 to 0.69 against 0.16 to 0.18: docs/benchmarks.md, "Two instances, the other instance
 * answered first"). One name, one text, per connection.
 */
export const preparedStatement = (name: string, text: string, values: unknown[]): QueryConfig => ({
  name: `hlp-${name}`,
  text,
  values,
});
