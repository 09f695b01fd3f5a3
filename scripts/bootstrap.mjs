#!/usr/bin/env node
// `npm start` and `npm test` on a machine that has only Node.js: checks that it is the supported
// Node.js, fetches the pnpm pinned in toolchain.json (verified by checksum), installs from the
// lockfile, builds, then starts the service or runs the tests. Every step says what it does; a
// failing step says which one failed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import toolchain from './toolchain.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { TOOLCHAIN, installPnpm, unsupportedNode } = toolchain;
const pnpmVersion = TOOLCHAIN.pnpm.version;

const USAGE = `usage: node scripts/bootstrap.mjs <start|test|e2e|browser>
  start    install, build, and run the service on embedded defaults (npm start)
  test     install, build, lint, type-check, and run the unit and integration tests (npm test)
  e2e      install, build, and run the end-to-end suite with lego, pebble and BIND (npm run test:e2e)
  browser  install, build, and test the admin pages in Chromium (npm run test:browser)`;

// better-sqlite3 and the rock are built for one Node.js line; another one would test something
// that is never deployed.
const unsupported = unsupportedNode(process.version);
if (unsupported !== undefined) {
  process.stderr.write(`bootstrap: ${unsupported}\nthen run this command again.\n`);
  process.exit(1);
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
// better-sqlite3 compiles against Node's headers; point node-gyp at the ones installed with this
// Node instead of letting it download them (there may be no network for that).
const nodePrefix = dirname(dirname(process.execPath));
if (!env.npm_config_nodedir && existsSync(join(nodePrefix, 'include', 'node', 'node.h'))) {
  env.npm_config_nodedir = nodePrefix;
}

function step(title) {
  process.stdout.write(`\n==> ${title}\n`);
}

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.error) {
    process.stderr.write(`\nbootstrap: cannot ${what}: ${result.error.message}\n`);
    process.exit(1);
  }
  if (result.status !== 0) {
    process.stderr.write(
      `\nbootstrap: failed to ${what} (exit ${result.status ?? result.signal}).\n`,
    );
    process.exit(result.status ?? 1);
  }
}

const task = process.argv[2];
if (!['start', 'test', 'e2e', 'browser'].includes(task)) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

step(`fetching pnpm ${pnpmVersion} (once; checked against toolchain.json)`);
let pnpmBin;
try {
  pnpmBin = await installPnpm();
} catch (error) {
  process.stderr.write(`\nbootstrap: cannot install pnpm: ${error.message}\n`);
  process.exit(1);
}
// pnpm, turbo and the scripts they run find this Node.js and this pnpm first.
env.PATH = [dirname(process.execPath), pnpmBin, env.PATH].join(':');
const pnpmRun = (args, what) => run(join(pnpmBin, 'pnpm'), args, what);

step(
  `installing dependencies with pnpm ${pnpmVersion} (a first install compiles better-sqlite3: 1 to 3 minutes)`,
);
pnpmRun(['install', '--frozen-lockfile'], 'install the dependencies');

if (task === 'start') {
  step('building the service');
  pnpmRun(
    ['exec', 'turbo', 'run', 'build', '--filter=@hlp/workload...', '--output-logs=errors-only'],
    'build',
  );
  step('starting on embedded defaults (Ctrl-C stops it)');
  run(
    process.execPath,
    [join(root, 'apps', 'workload', 'dist', 'main.js'), 'quickstart'],
    'run the service',
  );
} else if (task === 'browser') {
  step("testing the admin pages in Chromium (needs Debian's chromium)");
  pnpmRun(['exec', 'turbo', 'run', 'test:browser', '--output-logs=full'], 'pass the browser tests');
} else if (task === 'e2e') {
  step('running the end-to-end suite (needs root and lego, pebble, bind9, dnsutils, postgresql)');
  pnpmRun(['exec', 'turbo', 'run', 'test:e2e', '--output-logs=full'], 'pass the end-to-end suite');
} else {
  step('checking formatting');
  pnpmRun(
    ['exec', 'prettier', '--check', '.', '--log-level=warn'],
    'check formatting (pnpm format fixes it)',
  );
  step('building, linting and type-checking every package');
  pnpmRun(
    ['exec', 'turbo', 'run', 'build', 'lint', 'check-types', '--continue'],
    'pass the checks',
  );
  // One package's tests at a time: they start servers and git processes, and two cores are few.
  step('testing every package');
  pnpmRun(['exec', 'turbo', 'run', 'test', '--concurrency=1', '--continue'], 'pass the tests');
  step('all checks passed');
}
