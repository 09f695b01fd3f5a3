#!/usr/bin/env node
// `pnpm test:e2e`: checks the tools, lays out the workload as the rock holds it, then runs the
// suite inside a network namespace that has only loopback, with a private mount namespace whose
// /etc/resolv.conf points at 127.0.0.1 (where BIND answers on port 53). No packet leaves
// 127.0.0.1, and lego's own propagation check asks our BIND.
const { spawnSync } = require('node:child_process');
const {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { join } = require('node:path');

const here = join(__dirname, '..');
const output = join(here, 'test-output');

function say(text) {
  process.stderr.write(`[e2e] ${text}\n`);
}

function fail(text) {
  say(`FAILED: ${text}`);
  process.exit(1);
}

const TOOLS = {
  lego: 'lego',
  pebble: 'pebble',
  named: 'bind9',
  rndc: 'bind9',
  'tsig-keygen': 'bind9',
  'named-checkzone': 'bind9-utils',
  dig: 'dnsutils',
  git: 'git',
  openssl: 'openssl',
  unshare: 'util-linux',
  mount: 'mount',
  ip: 'iproute2',
};

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

const missing = Object.keys(TOOLS).filter((tool) => !onPath(tool));
const postgresBin = existsSync('/usr/lib/postgresql')
  ? readdirSync('/usr/lib/postgresql')
      .map((version) => join('/usr/lib/postgresql', version, 'bin'))
      .find((bin) => existsSync(join(bin, 'initdb')))
  : undefined;
if (!postgresBin) missing.push('initdb');
if (missing.length > 0) {
  const packages = [...new Set(missing.map((tool) => TOOLS[tool] ?? 'postgresql'))];
  fail(`missing ${missing.join(', ')}: install them with apt-get install -y ${packages.join(' ')}`);
}
// Debian's lego with its acme-dns provider built back in (Debian's lego leaves it out).
const legoAcmeDns = '/var/cache/hlp-e2e/lego-acmedns/lego';
if (!existsSync(legoAcmeDns)) {
  fail(`${legoAcmeDns} is missing: build it with ${join(__dirname, 'build-lego-acmedns.sh')}`);
}
if (process.getuid() !== 0) {
  fail(
    'run it as root: it creates network and mount namespaces, and runs the service as another user',
  );
}

rmSync(output, { recursive: true, force: true });
mkdirSync(join(output, 'logs'), { recursive: true });
chmodSync(output, 0o755);

// The workload as the rock stages it: `pnpm deploy` of the built package, production deps only.
const appDir = join(output, 'app');
say('deploying the built workload as the rock holds it (pnpm deploy --prod)');
// The pnpm that runs this script: a JavaScript entry point or a native executable.
const execPath = process.env.npm_execpath;
const pnpm = !execPath
  ? ['pnpm']
  : /\.[cm]?js$/.test(execPath)
    ? [process.execPath, execPath]
    : [execPath];
const deploy = spawnSync(
  pnpm[0],
  [...pnpm.slice(1), '--filter', '@hlp/workload', 'deploy', '--prod', appDir],
  {
    cwd: here,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
if (deploy.status !== 0) fail('pnpm deploy of @hlp/workload failed: build it first (pnpm build)');
if (!existsSync(join(appDir, 'dist', 'main.js')))
  fail(`${appDir}/dist/main.js is missing: build the workload first`);
spawnSync('chmod', ['-R', 'a+rX', appDir]);
// The rock's /usr/bin/node is the pinned Node.js, the one running this suite (this machine's
// /usr/bin/node may be another release, not the one the deployed native modules are built for).
// A copy the service user can run stands in for it.
const rockNode = join(output, 'node');
copyFileSync(process.execPath, rockNode);
chmodSync(rockNode, 0o755);

const resolvConf = join(output, 'resolv.conf');
writeFileSync(resolvConf, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
const jest = require.resolve('jest/bin/jest');
const inside = [
  'set -e',
  'ip link set lo up',
  `mount --bind '${resolvConf}' /etc/resolv.conf`,
  `exec '${process.execPath}' '${jest}' --config '${join(here, 'jest.config.js')}' --runInBand`,
].join('\n');
say('running the suite in a private network namespace (loopback only) and mount namespace');
const result = spawnSync('unshare', ['--net', '--mount', '--', 'bash', '-c', inside], {
  cwd: here,
  stdio: 'inherit',
  env: {
    ...process.env,
    E2E_OUTPUT: output,
    E2E_APP_DIR: appDir,
    E2E_NODE: rockNode,
    E2E_POSTGRES_BIN: postgresBin,
    E2E_LEGO_ACMEDNS: legoAcmeDns,
    // Nothing may go through a proxy, and pebble must really validate.
    http_proxy: '',
    https_proxy: '',
    HTTP_PROXY: '',
    HTTPS_PROXY: '',
    PEBBLE_VA_ALWAYS_VALID: '',
    NO_PROXY: '127.0.0.1,localhost',
  },
});
if (result.status !== 0) {
  const logs = join(output, 'logs');
  for (const file of readdirSync(logs).sort()) {
    const lines = readFileSync(join(logs, file), 'utf8').trimEnd().split('\n');
    process.stderr.write(
      `\n----- last lines of ${join(logs, file)}\n${lines.slice(-30).join('\n')}\n`,
    );
  }
  fail(`the suite failed (exit ${result.status ?? result.signal}); logs are in ${logs}`);
}
say(`passed; logs are in ${join(output, 'logs')}`);
