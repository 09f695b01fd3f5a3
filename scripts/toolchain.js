#!/usr/bin/env node
// The pinned Node.js and pnpm of toolchain.json, downloaded from the npm registry and verified
// by checksum before use (the tarball, then the extracted node binary), kept in a cache:
//   node scripts/toolchain.js path      installs both if needed, prints "<node bin>:<pnpm bin>"
//   node scripts/toolchain.js node      installs Node.js if needed, prints its binary's path
// CI puts `path` first on PATH; bootstrap, the charm's pack script and its tests use the module.
// Runs on any Node.js 18 or later (it is what installs the pinned one). The cache is
// $HLP_TOOLCHAIN_CACHE, else $XDG_CACHE_HOME/httprequest-lego-provider, else ~/.cache/….
const { spawnSync } = require('node:child_process');
const { createHash, randomBytes } = require('node:crypto');
const {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} = require('node:fs');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');

const TOOLCHAIN = JSON.parse(readFileSync(join(__dirname, '..', 'toolchain.json'), 'utf8'));

const DOWNLOAD_TIMEOUT_MS = 5 * 60 * 1000;

function cacheDir(env = process.env) {
  if (env.HLP_TOOLCHAIN_CACHE) return env.HLP_TOOLCHAIN_CACHE;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'httprequest-lego-provider');
}

function sha256Of(content) {
  return createHash('sha256').update(content).digest('hex');
}

function hasSha256(path, sha256) {
  return existsSync(path) && sha256Of(readFileSync(path)) === sha256;
}

/** Whether `path` is the pinned Node.js binary, byte for byte. */
function isPinnedNode(path) {
  return hasSha256(path, TOOLCHAIN.node.binarySha256);
}

/**
 * Why a Node.js version cannot build and test the project, or undefined when it can: its major
 * must be the pinned one's (native modules are built for it, and the rock runs it).
 */
function unsupportedNode(version) {
  const pinned = TOOLCHAIN.node.version;
  const major = pinned.split('.')[0];
  if (version.replace(/^v/, '').split('.')[0] === major) return undefined;
  return `this is Node.js ${version}; the project runs on Node.js ${major} (CI and the rock use ${pinned}).
Install it from https://nodejs.org, or fetch the pinned build (checked against toolchain.json) and put it first on PATH:
  export PATH="$(node scripts/toolchain.js path):$PATH"`;
}

function assertSupportedPlatform() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `the pinned toolchain is built for linux-x64, not ${process.platform}-${process.arch}: install Node.js ${TOOLCHAIN.node.version} yourself`,
    );
  }
}

/** Downloads `url` and returns its bytes, or throws unless their SHA-256 is `sha256`. */
async function download(url, sha256) {
  let response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    throw new Error(`cannot download ${url}: ${error.cause?.message ?? error.message}`);
  }
  if (!response.ok) throw new Error(`cannot download ${url}: HTTP ${response.status}`);
  const content = Buffer.from(await response.arrayBuffer());
  const actual = sha256Of(content);
  if (actual !== sha256) {
    throw new Error(
      `refusing ${url}: its SHA-256 is ${actual}, toolchain.json pins ${sha256}; nothing was installed`,
    );
  }
  return content;
}

/** Extracts an npm tarball (everything under its `package/` folder) into `dir`. */
function extractPackage(tarball, dir) {
  const file = join(dir, `.download-${randomBytes(4).toString('hex')}.tgz`);
  writeFileSync(file, tarball);
  const result = spawnSync('tar', ['-xzf', file, '-C', dir, '--strip-components=1'], {
    encoding: 'utf8',
  });
  rmSync(file);
  if (result.status !== 0) {
    throw new Error(`cannot extract into ${dir}: ${result.stderr || result.error?.message}`);
  }
}

/** Fills a fresh directory with `fill`, then moves it to `target` (or finds it done already). */
async function installOnce(target, fill) {
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(`${target}.partial-`);
  try {
    await fill(staging);
    if (!existsSync(target)) renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The pinned Node.js: `{ prefix, node }`, its binary checked against toolchain.json. */
async function installNode(env = process.env) {
  const { version, tarball, sha256, binarySha256 } = TOOLCHAIN.node;
  const prefix = join(cacheDir(env), `node-v${version}-linux-x64`);
  const node = join(prefix, 'bin', 'node');
  if (isPinnedNode(node)) return { prefix, node };
  assertSupportedPlatform();
  rmSync(prefix, { recursive: true, force: true });
  await installOnce(prefix, async (dir) => {
    extractPackage(await download(tarball, sha256), dir);
    if (!isPinnedNode(join(dir, 'bin', 'node'))) {
      throw new Error(`the node binary in ${tarball} is not the one pinned (${binarySha256})`);
    }
  });
  return { prefix, node };
}

/**
 * The pinned pnpm: its package (node-gyp for native modules) with the native executable in
 * place of the placeholder, as its own installer lays it out. Returns the folder with `pnpm`.
 */
async function installPnpm(env = process.env) {
  const { version, tarball, sha256, executable } = TOOLCHAIN.pnpm;
  const root = join(cacheDir(env), `pnpm-${version}-linux-x64`);
  const bin = join(root, 'bin');
  if (hasSha256(join(bin, 'pnpm'), executable.binarySha256)) return bin;
  assertSupportedPlatform();
  rmSync(root, { recursive: true, force: true });
  await installOnce(root, async (dir) => {
    const lib = join(dir, 'lib');
    const exe = join(dir, 'exe');
    mkdirSync(lib);
    mkdirSync(exe);
    extractPackage(await download(tarball, sha256), lib);
    extractPackage(await download(executable.tarball, executable.sha256), exe);
    if (!hasSha256(join(exe, 'pnpm'), executable.binarySha256)) {
      throw new Error(`the pnpm binary in ${executable.tarball} is not the one pinned`);
    }
    renameSync(join(exe, 'pnpm'), join(lib, 'pnpm'));
    rmSync(exe, { recursive: true });
    mkdirSync(join(dir, 'bin'));
    symlinkSync(join('..', 'lib', 'pnpm'), join(dir, 'bin', 'pnpm'));
  });
  return bin;
}

module.exports = {
  TOOLCHAIN,
  cacheDir,
  download,
  installNode,
  installPnpm,
  isPinnedNode,
  unsupportedNode,
};

async function main(command) {
  if (command === 'node') {
    console.log((await installNode()).node);
  } else if (command === 'path') {
    const { node } = await installNode();
    console.log(`${dirname(node)}:${await installPnpm()}`);
  } else {
    console.error('usage: node scripts/toolchain.js <path|node>');
    process.exitCode = 2;
  }
}

if (require.main === module) {
  main(process.argv[2]).catch((error) => {
    console.error(`toolchain: ${error.message}`);
    process.exitCode = 1;
  });
}
