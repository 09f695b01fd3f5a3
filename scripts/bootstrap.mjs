#!/usr/bin/env node
// `npm start` and `npm test` on a machine that has only Node.js: checks that it is the supported
// Node.js, fetches the pnpm pinned in toolchain.json (verified by checksum), installs from the
// lockfile, builds, then starts the service or runs the tests. Every step says what it does; a
// failing step says which one failed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import toolchain from './toolchain.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { TOOLCHAIN, installPnpm, unsupportedNode } = toolchain;
const pnpmVersion = TOOLCHAIN.pnpm.version;

const USAGE = `usage: node scripts/bootstrap.mjs <start|test|e2e|browser>
  start    install, build, and run the service on embedded defaults (npm start)
  test     install, build, lint, type-check, and run the small and medium tests (npm test)
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

function run(command, args, what, extraEnv = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: 'inherit',
  });
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

// How a spec says it did not run, and why (see apps/workload/test/support/requirements.ts).
const SKIPPED = '[tests] skipped ';

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
  // Built just now: the process settings the deployed service runs with (not configuration).
  const { PROCESS_ENVIRONMENT } = await import(
    pathToFileURL(join(root, 'packages', 'config', 'dist', 'index.js')).href
  );
  run(
    process.execPath,
    [join(root, 'apps', 'workload', 'dist', 'main.js'), 'quickstart'],
    'run the service',
    PROCESS_ENVIRONMENT,
  );
} else if (task === 'browser') {
  step("testing the admin pages in Chromium (needs Debian's chromium)");
  pnpmRun(['exec', 'turbo', 'run', 'test:browser', '--output-logs=full'], 'pass the browser tests');
} else if (task === 'e2e') {
  step(
    'running the end-to-end suite (needs root, lego, pebble, bind9, dnsutils, postgresql, and tests/e2e/scripts/build-lego-acmedns.sh run once)',
  );
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
  const failed = await runTests(await testStages());
  if (failed.length > 0) {
    process.stderr.write(`\nbootstrap: failed to pass the tests: ${failed.join('; ')}.\n`);
    process.exit(1);
  }
  step('all checks passed');
}

/**
 * The tests, one stage at a time (they start servers and git processes, and two cores are few):
 * the small tier of every package, then each package's medium tier, then the tests of packages
 * without tiers.
 */
async function testStages() {
  const listed = spawnSync(join(pnpmBin, 'pnpm'), ['-r', 'ls', '--depth', '-1', '--json'], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  if (listed.status !== 0) {
    process.stderr.write(`\nbootstrap: cannot list the packages: ${listed.stderr}\n`);
    process.exit(1);
  }
  const packages = [];
  for (const { name, path } of JSON.parse(listed.stdout)) {
    // The root's own test scripts run every package's.
    if (path === root) continue;
    const { scripts = {} } = JSON.parse(await readFile(join(path, 'package.json'), 'utf8'));
    packages.push({ name, scripts });
  }
  const withScript = (script) =>
    packages.filter(({ scripts }) => scripts[script]).map(({ name }) => name);
  const small = withScript('test:small');
  return [
    { title: `small tier (no I/O) of ${small.join(', ')}`, packages: small, script: 'test:small' },
    ...withScript('test:medium').map((name) => ({
      title: `medium tier (database, git, servers) of ${name}`,
      packages: [name],
      script: 'test:medium',
    })),
    ...packages
      .filter(({ scripts }) => scripts.test && !scripts['test:small'])
      .map(({ name }) => ({ title: `the tests of ${name}`, packages: [name], script: 'test' })),
  ];
}

/**
 * Runs the stages, saying which one runs and how long each took; then what was skipped and why
 * (the lines specs print as `[tests] skipped <what>: <why>`). Returns the stages that failed.
 */
async function runTests(stages) {
  const skipped = new Set();
  const results = [];
  for (const [index, stage] of stages.entries()) {
    step(`testing [${index + 1}/${stages.length}]: ${stage.title}`);
    const started = Date.now();
    const status = await runWatchingSkips(
      // --no-bail: one package's failure does not stop the others' tests.
      ['--no-bail', ...stage.packages.flatMap((name) => ['--filter', name]), 'run', stage.script],
      skipped,
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    results.push({ stage, seconds, passed: status === 0 });
  }
  step('test summary');
  for (const { stage, seconds, passed } of results) {
    process.stdout.write(`${passed ? 'passed' : 'FAILED'}  ${seconds} s  ${stage.title}\n`);
  }
  if (skipped.size > 0) {
    process.stdout.write('\nskipped (install what each line names to run it):\n');
    for (const line of skipped) process.stdout.write(`  ${line}\n`);
  } else {
    process.stdout.write('\nnothing skipped\n');
  }
  return results.filter(({ passed }) => !passed).map(({ stage }) => stage.title);
}

/** pnpm with `args`, its output passed through as it comes and scanned for skip lines; its exit status. */
function runWatchingSkips(args, skipped) {
  return new Promise((resolve) => {
    const child = spawn(join(pnpmBin, 'pnpm'), args, {
      cwd: root,
      env: process.stdout.isTTY ? { ...env, FORCE_COLOR: '1' } : env,
      stdio: ['inherit', 'pipe', 'pipe'],
    });
    const watch = (from, to) => {
      let partial = '';
      from.setEncoding('utf8').on('data', (chunk) => {
        to.write(chunk);
        const lines = (partial + chunk).split('\n');
        partial = lines.pop();
        for (const line of lines) {
          const at = line.indexOf(SKIPPED);
          if (at >= 0) skipped.add(line.slice(at + SKIPPED.length).trim());
        }
      });
    };
    watch(child.stdout, process.stdout);
    watch(child.stderr, process.stderr);
    child.on('error', (error) => {
      process.stderr.write(`\nbootstrap: cannot run the tests: ${error.message}\n`);
      process.exit(1);
    });
    child.on('close', (code) => resolve(code));
  });
}
