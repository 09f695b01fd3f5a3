import type { DataSource } from 'typeorm';

/**
 * Runs SQL with `:name` parameters on either engine, without TypeORM's query building: for the
 * few queries every /present and /cleanup makes, where that building cost more than the query.
 */
export async function rawQuery<T>(
  dataSource: DataSource,
  sql: string,
  parameters: Record<string, unknown>,
): Promise<T[]> {
  const [query, values] = dataSource.driver.escapeQueryWithParameters(sql, parameters);
  return (await dataSource.query(query, values)) as T[];
}

/** SQLite has no boolean type: it answers 0 and 1. */
export function toBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** `LIKE` pattern text matching `text` literally (escape character `\`). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
