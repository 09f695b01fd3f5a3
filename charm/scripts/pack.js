// Lays the charm out as `charmcraft pack` would, then zips it into a .charm, without charmcraft:
//   node scripts/pack.js [--out <dir>] [--node <node binary>] [--no-archive]
// gives <dir>/prime/ (the charm's files: dispatch, bin/node, dist/charm.js, metadata.yaml,
// config.yaml, actions.yaml, manifest.yaml, README.md) and <dir>/<name>_<platform>.charm.
// Default <dir>: dist/pack. bin/node is the Node.js toolchain.json pins (charmcraft.yaml's nodejs
// part downloads the same), fetched and checked by scripts/toolchain.js; a --node that is not
// byte for byte that build is refused. Run the build first: it makes dist/charm.js.
const {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { readFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');
const { parseArgs } = require('node:util');

const { dump, load } = require('js-yaml');

const { TOOLCHAIN, installNode, isPinnedNode } = require('../../scripts/toolchain');
const { BUNDLE } = require('./bundle');
const { writeZip } = require('./zip');

const CHARM_DIR = join(__dirname, '..');

/** metadata.yaml: what charmcraft derives from charmcraft.yaml, in its key order. */
function metadataOf(project) {
  const links = project.links ?? {};
  const fields = {
    name: project.name,
    'display-name': project.title,
    summary: project.summary,
    description: project.description,
    assumes: project.assumes,
    'charm-user': project['charm-user'],
    containers: project.containers,
    docs: links.documentation,
    issues: links.issues,
    peers: project.peers,
    provides: project.provides,
    requires: project.requires,
    resources: project.resources,
    source: links.source,
    storage: project.storage,
    website: links.website,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The platform to pack for, and the bases manifest.yaml lists for it. */
function platformOf(project) {
  const [[name, platform]] = Object.entries(project.platforms);
  const bases = platform['build-for'].map((target) => {
    const [base, architecture] = target.split(':');
    const [distribution, channel] = base.split('@');
    return { name: distribution, channel, architectures: [architecture] };
  });
  return { name, bases };
}

function manifestOf(bases) {
  return {
    analysis: {
      attributes: [
        { name: 'language', result: 'unknown' },
        { name: 'framework', result: 'unknown' },
      ],
    },
    bases,
    'charmcraft-started-at': new Date().toISOString(),
    'charmcraft-version': 'none: laid out by charm/scripts/pack.js',
  };
}

function install(source, target, mode) {
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
  chmodSync(target, mode);
}

/** The Node.js the charm carries: the pinned build, checked byte for byte, or an error. */
async function pinnedRuntime(node) {
  const { version, binarySha256 } = TOOLCHAIN.node;
  if (node !== undefined) {
    if (isPinnedNode(node)) return node;
    throw new Error(
      `refusing to pack ${node}: it is not the Node.js ${version} that toolchain.json pins (bin/node sha256 ${binarySha256}); leave out --node to use the pinned build`,
    );
  }
  try {
    return (await installNode()).node;
  } catch (error) {
    throw new Error(`cannot pack without the pinned Node.js ${version}: ${error.message}`, {
      cause: error,
    });
  }
}

/**
 * Builds `<out>/prime` and, unless `archive` is false, the .charm archive; resolves to their
 * paths.
 */
async function pack({ out = join(CHARM_DIR, 'dist', 'pack'), node, archive = true } = {}) {
  if (!existsSync(BUNDLE)) {
    throw new Error(`cannot pack: ${BUNDLE} is missing (run \`pnpm --filter @hlp/charm build\`)`);
  }
  const project = load(readFileSync(join(CHARM_DIR, 'charmcraft.yaml'), 'utf8'));
  const platform = platformOf(project);
  const prime = join(out, 'prime');
  rmSync(prime, { recursive: true, force: true });
  mkdirSync(prime, { recursive: true });

  install(join(CHARM_DIR, 'dispatch'), join(prime, 'dispatch'), 0o755);
  install(await pinnedRuntime(node), join(prime, 'bin', 'node'), 0o755);
  install(BUNDLE, join(prime, 'dist', 'charm.js'), 0o644);
  install(join(CHARM_DIR, 'README.md'), join(prime, 'README.md'), 0o644);
  const yaml = (value) => dump(value, { lineWidth: -1 });
  writeFileSync(join(prime, 'metadata.yaml'), yaml(metadataOf(project)));
  writeFileSync(join(prime, 'config.yaml'), yaml(project.config));
  writeFileSync(join(prime, 'actions.yaml'), yaml(project.actions));
  writeFileSync(join(prime, 'manifest.yaml'), yaml(manifestOf(platform.bases)));

  if (!archive) return { prime };
  const charm = join(out, `${project.name}_${platform.name}.charm`);
  writeZip(charm, prime);
  return { prime, archive: charm };
}

module.exports = { pack };

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      node: { type: 'string' },
      'no-archive': { type: 'boolean' },
    },
  });
  const { prime, archive } = await pack({
    ...(values.out ? { out: resolve(values.out) } : {}),
    ...(values.node ? { node: resolve(values.node) } : {}),
    archive: !values['no-archive'],
  });
  console.log(`laid out the charm in ${prime}${archive ? `\npacked ${archive}` : ''}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
