import { Client } from 'pg';
import { POSTGRES_MISSING, reportSkipped } from './support/requirements';

/**
 * Database tests run on SQLite always and on PostgreSQL when TEST_POSTGRES_URL names a server
 * where databases may be created. In CI both engines are required.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) {
    if (process.env.CI === 'true') {
      throw new Error(
        'CI requires TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres)',
      );
    }
    reportSkipped('the PostgreSQL runs of the database specs (SQLite runs)', POSTGRES_MISSING);
    return;
  }
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(`cannot reach PostgreSQL at TEST_POSTGRES_URL: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}
