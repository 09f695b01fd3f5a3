import { join } from 'node:path';

export const CHARM_DIR = join(__dirname, '..', '..');
export const REPO_DIR = join(CHARM_DIR, '..');
/** The packed charm the tests dispatch, laid out by the global setup as Juju unpacks it. */
export const CHARM_PRIME = join(CHARM_DIR, 'test-output', 'charm', 'prime');
export const ROCKCRAFT_YAML = join(REPO_DIR, 'rock', 'rockcraft.yaml');
export const CHARMCRAFT_YAML = join(CHARM_DIR, 'charmcraft.yaml');
/** The built workload (turbo builds it before these tests): what the rock deploys to /srv. */
export const WORKLOAD_DIR = join(REPO_DIR, 'apps', 'workload');
