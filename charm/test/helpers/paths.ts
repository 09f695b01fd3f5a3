import { dirname, join } from 'node:path';

export const CHARM_DIR = join(__dirname, '..', '..');
export const REPO_DIR = join(CHARM_DIR, '..');
/** Built by the global setup from src/charm.ts. */
export const CHARM_BUNDLE = join(CHARM_DIR, 'dist', 'charm.js');
export const ROCKCRAFT_YAML = join(REPO_DIR, 'rock', 'rockcraft.yaml');
export const CHARMCRAFT_YAML = join(CHARM_DIR, 'charmcraft.yaml');
/** The built workload (turbo builds it before these tests): what the rock deploys to /srv. */
export const WORKLOAD_DIR = dirname(require.resolve('@hlp/workload/package.json'));
