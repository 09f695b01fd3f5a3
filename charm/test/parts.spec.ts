import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { charmcraft } from './helpers/charmcraft';
import { CHARM_DIR, REPO_DIR } from './helpers/paths';
import { rockcraft } from './helpers/rock-layer';
import { installNode, installPnpm } from './helpers/toolchain';

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** A part's `build-environment`, its `$VARIABLE`s expanded from `base`. */
function buildEnvironment(
  part: Record<string, unknown>,
  base: Record<string, string>,
): Record<string, string> {
  const entries = (part['build-environment'] ?? []) as Record<string, string>[];
  return Object.fromEntries(
    entries.flatMap((entry) =>
      Object.entries(entry).map(([name, value]) => [
        name,
        value.replace(/\$([A-Z_]+)/g, (_, variable: string) => base[variable] ?? ''),
      ]),
    ),
  );
}

/** Runs a part's script as craft-parts does: bash, stopping at the first failure. */
function runScript(script: string, cwd: string, env: Record<string, string>): void {
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
    cwd,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', CI: 'true', ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`the script failed (${result.status}):\n${script}\n${result.stderr}`);
  }
}

const tracked = execFileSync('git', ['-C', REPO_DIR, 'ls-files', '--cached'], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .sort();

describe("the recipes' parts, run here as craft-parts runs them", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hlp-parts-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['charm-bundle', () => charmcraft().parts['charm-bundle'], CHARM_DIR],
    ['workload', () => rockcraft().parts.workload, join(REPO_DIR, 'rock')],
  ] as const)(
    '%s pulls only the files git tracks: no node_modules, no earlier build trees',
    (name, part, projectDir) => {
      const src = join(dir, `${name}-src`);
      mkdirSync(src);
      // Untracked leftovers of an earlier `pack --destructive-mode` in the project directory.
      const leftovers = ['parts', 'stage', 'prime'].map((tree) => join(projectDir, tree));
      for (const tree of leftovers) mkdirSync(join(tree, 'leftover'), { recursive: true });
      try {
        runScript(String(part()?.['override-pull']), src, {
          CRAFT_PROJECT_DIR: projectDir,
          CRAFT_PART_SRC: src,
        });
      } finally {
        for (const tree of leftovers) rmSync(tree, { recursive: true, force: true });
      }

      expect(existsSync(join(REPO_DIR, 'node_modules'))).toBe(true);
      expect(filesUnder(src)).toEqual(tracked);
    },
  );

  it('the rock installs only the workload and what it imports', () => {
    const build = String(rockcraft().parts.workload?.['override-build']);

    expect(build.match(/pnpm install[^\n]*/g)).toEqual([
      'pnpm install --frozen-lockfile --filter "@hlp/workload..."',
    ]);
    expect(build).toContain('pnpm exec turbo run build --filter=@hlp/workload...');
  });

  it('charm-bundle installs only the charm and what it imports, and builds dispatch and the bundle', async () => {
    // The stage as the nodejs and pnpm parts leave it.
    const stage = join(dir, 'stage');
    mkdirSync(join(stage, 'bin'), { recursive: true });
    mkdirSync(join(stage, 'opt', 'pnpm'), { recursive: true });
    symlinkSync((await installNode()).node, join(stage, 'bin', 'node'));
    symlinkSync(join(await installPnpm(), 'pnpm'), join(stage, 'opt', 'pnpm', 'pnpm'));
    const build = join(dir, 'charm-build');
    cpSync(join(dir, 'charm-bundle-src'), build, { recursive: true });
    const install = join(dir, 'charm-install');
    const part = charmcraft().parts['charm-bundle'] ?? {};

    runScript(String(part['override-build']), build, {
      CRAFT_STAGE: stage,
      CRAFT_PART_BUILD: build,
      CRAFT_PART_INSTALL: install,
      ...buildEnvironment(part, { CRAFT_STAGE: stage, PATH: '/usr/bin:/bin' }),
    });

    expect(filesUnder(install)).toEqual(['README.md', 'dispatch', 'dist/charm.js']);
    const installed = readdirSync(join(build, 'node_modules', '.pnpm'));
    expect(installed.filter((name) => /^(better-sqlite3|@nestjs|typeorm)/.test(name))).toEqual([]);
    expect(existsSync(join(build, 'apps', 'workload', 'node_modules'))).toBe(false);
  }, 600_000);
});
