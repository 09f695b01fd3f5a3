import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Secret content: keys (lowercase, 3+ characters) to string values. */
export type SecretContent = Readonly<Record<string, string>>;

/**
 * Writes each secret value to a private temporary file and passes `key#file=<path>` arguments
 * to `use`, so values never appear on a command line (visible in `ps` and /proc). The files
 * are deleted afterwards, whatever happens.
 */
export async function withSecretContentFiles<T>(
  content: SecretContent,
  use: (args: string[]) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'juju-secret-'));
  try {
    const args: string[] = [];
    for (const [key, value] of Object.entries(content)) {
      const path = join(dir, key);
      await writeFile(path, value, { mode: 0o600 });
      args.push(`${key}#file=${path}`);
    }
    return await use(args);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
