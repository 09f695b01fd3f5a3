import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FAKE_HOOK_TOOLS } from './tools';

/**
 * The module the tool scripts load. From the compiled package that is `hook-tool-entry.js`
 * beside this file. When the harness runs from its TypeScript sources (this package's own
 * tests), plain Node cannot load `.ts`, so the entry is bundled into `dir` with esbuild.
 */
async function hookToolEntry(dir: string): Promise<string> {
  const compiled = join(__dirname, 'hook-tool-entry.js');
  if (existsSync(compiled)) {
    return compiled;
  }
  const { build } = await import('esbuild');
  const outfile = join(dir, 'hook-tool-entry.js');
  await build({
    entryPoints: [join(__dirname, 'hook-tool-entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node26',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/**
 * Writes one executable Node script per hook tool into `binDir`, all sharing one implementation
 * (kept in `libDir` when it has to be bundled).
 */
export async function installHookTools(binDir: string, libDir: string): Promise<void> {
  const entry = await hookToolEntry(libDir);
  for (const tool of Object.keys(FAKE_HOOK_TOOLS)) {
    const script = `#!${process.execPath}\nrequire(${JSON.stringify(entry)}).runHookToolProcess(${JSON.stringify(tool)});\n`;
    const path = join(binDir, tool);
    await writeFile(path, script);
    await chmod(path, 0o755);
  }
}
