import { readFileSync } from 'node:fs';

import { runFakeHookTool } from './run-fake-hook-tool';

/**
 * The body of every fake hook-tool executable: `require(<this module>).runHookToolProcess('config-get')`.
 * Kept tiny and free of the harness so the bundled script starts fast.
 */
export function runHookToolProcess(tool: string): void {
  const result = runFakeHookTool(tool, process.argv.slice(2), process.env, () =>
    readFileSync(0, 'utf8'),
  );
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
