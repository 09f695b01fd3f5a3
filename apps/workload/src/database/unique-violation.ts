/** Whether a database error is a unique constraint refusing a duplicate, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const codes = [error, (error as { driverError?: unknown } | null)?.driverError].map(
    (candidate) => (candidate as { code?: unknown } | null | undefined)?.code,
  );
  return codes.some(
    (code) =>
      code === '23505' || // PostgreSQL unique_violation
      code === 'SQLITE_CONSTRAINT_UNIQUE' ||
      code === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  );
}
