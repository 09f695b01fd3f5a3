// Rewrites apps/workload/openapi.json, the checked-in copy of the OpenAPI document, from the built
// controllers: `pnpm --filter @hlp/workload build && node apps/workload/scripts/write-openapi.js`.
// test/openapi.spec.ts fails while the copy and the code disagree.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const OUTPUT = join(__dirname, '..', 'openapi.json');
const PRETTIER = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'prettier');

async function main() {
  const { startupConfig } = require('../dist/config/startup-config');
  const { createHttpApp } = require('../dist/http/create-http-app');
  const { openApiDocument } = require('../dist/http/openapi');
  const dir = mkdtempSync(join(tmpdir(), 'hlp-openapi-'));
  try {
    // Only the controllers matter: a throwaway data directory and database, never initialised.
    const config = await startupConfig({
      PATH: process.env.PATH ?? '',
      HLP_DATA_DIR: join(dir, 'data'),
      HLP_LOG_LEVEL: 'silent',
      HLP_METRICS_PORT: '0',
      HLP_SECRET_KEY: 'openapi-document-generation-only-0123456789',
      // The acme-dns API is in the document only when it is served: the reference shows it.
      HLP_ACMEDNS_ZONE: 'acme.example.com',
    });
    const app = await createHttpApp(config);
    const document = openApiDocument(app);
    await app.close();
    writeFileSync(OUTPUT, `${JSON.stringify(document, null, 2)}\n`);
    const formatted = spawnSync(PRETTIER, ['--write', '--log-level=warn', OUTPUT], {
      stdio: 'inherit',
    });
    if (formatted.status !== 0) throw new Error(`prettier failed on ${OUTPUT}`);
    console.log(`wrote ${OUTPUT}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
