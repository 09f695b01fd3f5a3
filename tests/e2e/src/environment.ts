import { join } from 'node:path';

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the suite with \`pnpm test:e2e\`, which sets it up`);
  return value;
}

/** Where the suite keeps its files, set by scripts/run-isolated.js. */
export const OUTPUT = required('E2E_OUTPUT');
export const LOGS = join(OUTPUT, 'logs');
/** The deployed workload, as the rock holds it under /srv/httprequest-lego-provider. */
export const APP_DIR = required('E2E_APP_DIR');
/** What stands for the rock's /usr/bin/node: the pinned Node.js, runnable by the service user. */
export const ROCK_NODE_HERE = required('E2E_NODE');
export const POSTGRES_BIN = required('E2E_POSTGRES_BIN');
/** lego with its acme-dns provider, built by scripts/build-lego-acmedns.sh. */
export const LEGO_ACMEDNS = required('E2E_LEGO_ACMEDNS');
/** The rock runs the service as _daemon_; here an unprivileged user stands in for it. */
export const SERVICE_USER = { name: 'nobody', uid: 65534, gid: 65534 };
