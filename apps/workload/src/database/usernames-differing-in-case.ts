import type { QueryRunner } from 'typeorm';
import { AppError } from '../common/app-error';

interface Row {
  readonly id: number;
  readonly username: string;
  readonly folded: string;
}

/**
 * Before usernames become unique whatever their case: stops the migration while some still
 * differ only in case, naming them. Which one to keep is the operator's call, not ours; renaming
 * one silently would lock its client out.
 */
export async function refuseUsernamesDifferingInCase(queryRunner: QueryRunner): Promise<void> {
  const rows = (await queryRunner.query(
    'SELECT "id", "username", lower("username") AS "folded" FROM "users" WHERE lower("username") IN ' +
      '(SELECT lower("username") FROM "users" GROUP BY lower("username") HAVING COUNT(*) > 1) ' +
      'ORDER BY lower("username"), "id"',
  )) as Row[];
  if (rows.length === 0) return;
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(row.folded, [...(groups.get(row.folded) ?? []), row]);
  const listed = [...groups.values()]
    .map((group) => group.map((row) => `"${row.username}" (id ${row.id})`).join(', '))
    .join('; ');
  const [first] = groups.values();
  throw new AppError(
    'conflict',
    `usernames must now differ by more than case, and these do not: ${listed}. ` +
      `Rename or delete all but one of each, e.g. UPDATE users SET username = '${first[1].username}-2' ` +
      `WHERE id = ${first[1].id}; then run \`lego-provider migrate\` again.`,
  );
}
