// Bundles the charm and everything it imports into one CommonJS file, dist/charm.js: the charm
// ships no node_modules, and `dispatch` runs this file with the Node.js the charm carries.
const { join } = require('node:path');

const { build } = require('esbuild');

const CHARM_DIR = join(__dirname, '..');
const BUNDLE = join(CHARM_DIR, 'dist', 'charm.js');

/** Writes the bundle to `outfile` and resolves to its path. */
async function bundle(outfile = BUNDLE) {
  await build({
    entryPoints: [join(CHARM_DIR, 'src', 'charm.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node26',
    outfile,
    legalComments: 'none',
    // The alert rules under cos/ travel inside the bundle, as text.
    loader: { '.rules': 'text' },
    logLevel: 'warning',
  });
  return outfile;
}

module.exports = { bundle, BUNDLE };

if (require.main === module) {
  bundle().then(
    (outfile) => console.log(`bundled the charm into ${outfile}`),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
