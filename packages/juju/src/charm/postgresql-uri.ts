/** The parts of a PostgreSQL connection URI. */
export interface PostgresqlUriParts {
  readonly username: string;
  readonly password: string;
  /** `host:port`, as in the provider's `endpoints`. */
  readonly endpoint: string;
  readonly database: string;
}

/**
 * Builds `postgresql://user:password@host:port/database`, percent-encoding the credentials
 * and database name so characters such as `@`, `:` or `/` in a password cannot break the URI.
 */
export function buildPostgresqlUri(parts: PostgresqlUriParts): string {
  const credentials = `${encodeURIComponent(parts.username)}:${encodeURIComponent(parts.password)}`;
  return `postgresql://${credentials}@${parts.endpoint}/${encodeURIComponent(parts.database)}`;
}
