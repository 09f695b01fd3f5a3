import { type ExecError } from '@hlp/juju';

/**
 * What the workload's CLI said went wrong: its `error: …` lines on stderr, without the prefix
 * (commander's usage errors have none), or the exit code when it printed nothing.
 */
export function cliErrorMessage(error: ExecError): string {
  const lines = error.stderr
    .trim()
    .split('\n')
    .map((line) => line.replace(/^error: /, ''))
    .filter((line) => line.trim() !== '' && !line.startsWith('(run with --help'));
  return lines.join('\n') || `exit code ${error.exitCode}`;
}
