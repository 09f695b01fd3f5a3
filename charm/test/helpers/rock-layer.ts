import { readFileSync } from 'node:fs';

import { type Layer } from '@hlp/juju';
import { load } from 'js-yaml';

import { SERVICE } from '../../src/names';
import { ROCKCRAFT_YAML } from './paths';

/** The rock's paths and port, as rock/rockcraft.yaml sets them. */
export const ROCK_WORKLOAD_DIR = '/srv/httprequest-lego-provider';
export const ROCK_DATA_DIR = '/var/lib/httprequest-lego-provider';
export const ROCK_NODE = '/usr/bin/node';
export const ROCK_PORT = 8000;

interface Rockcraft {
  readonly base: string;
  readonly 'run-user': string;
  readonly services: Required<Layer>['services'];
  readonly checks: Required<Layer>['checks'];
  readonly parts: Record<
    string,
    {
      readonly 'override-pull'?: string;
      readonly 'override-build'?: string;
      readonly prime?: readonly string[];
      readonly 'stage-packages'?: readonly string[];
    }
  >;
}

export function rockcraft(): Rockcraft {
  return load(readFileSync(ROCKCRAFT_YAML, 'utf8')) as Rockcraft;
}

/** The layer Pebble starts from in the workload container: the rock's services and checks. */
export function rockLayer(): Layer {
  const { services, checks } = rockcraft();
  return { summary: 'the rock', services, checks };
}

/** Where the test machine holds what the rock has at its own paths. */
export interface HostPaths {
  readonly node: string;
  readonly workloadDir: string;
  readonly dataDir: string;
  readonly port: number;
  readonly metricsPort: number;
}

/**
 * The rock's layer with its paths moved to the test machine's (the fake Pebble runs commands
 * on the host) and its ports moved to free ones, listening on loopback only: units share the
 * host here, not a pod each.
 */
export function rockLayerOnHost(paths: HostPaths): Layer {
  const text = JSON.stringify(rockLayer())
    .replaceAll(ROCK_NODE, paths.node)
    .replaceAll(ROCK_WORKLOAD_DIR, paths.workloadDir)
    .replaceAll(ROCK_DATA_DIR, paths.dataDir)
    .replaceAll(`:${ROCK_PORT}/`, `:${paths.port}/`);
  const layer = JSON.parse(text) as Layer;
  const service = layer.services?.[SERVICE];
  if (service === undefined) throw new Error(`the rock has no ${SERVICE} service`);
  service.environment = {
    ...service.environment,
    HLP_HOST: '127.0.0.1',
    HLP_PORT: String(paths.port),
    HLP_METRICS_PORT: String(paths.metricsPort),
  };
  return layer;
}
