import { existsSync } from 'node:fs';

/**
 * Says that a spec (or part of one) does not run, and why, on one line that `npm test` gathers
 * into its closing summary.
 */
export function reportSkipped(what: string, reason: string): void {
  process.stderr.write(`[tests] skipped ${what}: ${reason}\n`);
}

/**
 * `describe`, or `describe.skip` when a program a spec needs is missing, after one line naming
 * the Debian package to install. CI installs them all, so there a missing program fails the spec.
 */
export function describeIfInstalled(
  what: string,
  programs: Readonly<Record<string, string>>,
): jest.Describe {
  const missing = Object.entries(programs).filter(([program]) => !existsSync(program));
  if (missing.length === 0) return describe;
  const reason = missing
    .map(([program, debianPackage]) => `${program} is missing (apt-get install ${debianPackage})`)
    .join(', ');
  if (process.env.CI === 'true') throw new Error(`in CI every test runs, but ${reason}`);
  reportSkipped(what, reason);
  return describe.skip;
}

/** `describe` when TEST_POSTGRES_URL names a server; otherwise `describe.skip`, saying so. */
export function describeWithPostgres(what: string): jest.Describe {
  if (process.env.TEST_POSTGRES_URL) return describe;
  reportSkipped(what, POSTGRES_MISSING);
  return describe.skip;
}

/** Why PostgreSQL runs are skipped, and how to have them (CI requires them: see global-setup). */
export const POSTGRES_MISSING =
  'TEST_POSTGRES_URL is not set (with a PostgreSQL server, e.g. apt-get install postgresql: ' +
  'TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres npm test)';
