import {
  type CheckSpec,
  type Layer,
  type LogTargetSpec,
  type Plan,
  type ServiceSpec,
} from '@hlp/juju';

import { READY_CHECK, READY_PATH, SERVICE, SERVICE_USER } from '../names';
import { type WorkloadImage } from './workload-image';

/** The URL of the workload's readiness probe, from inside the pod. */
export function readyUrl(port: number): string {
  return `http://localhost:${port}${READY_PATH}`;
}

/**
 * The charm's layer: the rock's service (same command and working directory) with the
 * environment the charm generated, as the service user, a ready check on the workload's
 * health endpoint (both replace the rock's items of the same name), and the log targets that
 * forward the service's output to Loki.
 */
export function workloadLayer(
  image: WorkloadImage,
  environment: Readonly<Record<string, string>>,
  port: number,
  logTargets: Readonly<Record<string, LogTargetSpec>> = {},
): Layer {
  const service: ServiceSpec = {
    override: 'replace',
    summary: 'the httpreq API and the record store',
    command: image.command,
    startup: 'enabled',
    user: SERVICE_USER,
    ...(image.workingDir === undefined ? {} : { 'working-dir': image.workingDir }),
    environment: { ...environment },
  };
  const check: CheckSpec = {
    override: 'replace',
    level: 'ready',
    period: '10s',
    timeout: '3s',
    threshold: 3,
    http: { url: readyUrl(port) },
  };
  return {
    summary: 'httprequest-lego-provider, configured by its charm',
    services: { [SERVICE]: service },
    checks: { [READY_CHECK]: check },
    ...(Object.keys(logTargets).length === 0 ? {} : { 'log-targets': { ...logTargets } }),
  };
}

/** JSON with sorted keys, so that equal specs compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

/** Whether the plan already holds the layer's service, check and log targets as they are. */
export function planHasLayer(plan: Plan, layer: Layer): boolean {
  const logTargets = Object.entries(layer['log-targets'] ?? {});
  return (
    canonical(plan.services?.[SERVICE]) === canonical(layer.services?.[SERVICE]) &&
    canonical(plan.checks?.[READY_CHECK]) === canonical(layer.checks?.[READY_CHECK]) &&
    logTargets.every(
      ([name, target]) => canonical(plan['log-targets']?.[name]) === canonical(target),
    )
  );
}
