import { type ServiceSpec } from '../../pebble/layer';
import { ApiError } from './api-response';

/** What one `POST /v1/services` does: the services it names, and which it stops then starts. */
export interface ServiceAction {
  readonly action: string;
  readonly names: readonly string[];
  readonly stops: readonly string[];
  readonly starts: readonly string[];
}

/**
 * Pebble's answer to a services action, before anything runs: `replan` restarts the running
 * services whose config changed and starts the enabled ones not running; `start`, `stop` and
 * `restart` need existing service names. `running` maps each running service to the JSON of
 * the config it was started with. Invalid requests are 400s.
 */
export function planServiceAction(
  action: string,
  names: readonly string[],
  services: Readonly<Record<string, ServiceSpec>>,
  running: ReadonlyMap<string, string>,
): ServiceAction {
  if (action === 'replan') {
    if (names.length > 0) throw new ApiError(400, 'replan accepts no service names');
    const restarts = [...running.entries()]
      .filter(
        ([name, config]) =>
          services[name] !== undefined && config !== JSON.stringify(services[name]),
      )
      .map(([name]) => name);
    const enabled = Object.entries(services)
      .filter(([name, spec]) => spec.startup === 'enabled' && !running.has(name))
      .map(([name]) => name);
    return {
      action,
      names: [...new Set([...restarts, ...enabled])],
      stops: restarts,
      starts: [...restarts, ...enabled],
    };
  }
  if (!['start', 'stop', 'restart'].includes(action)) {
    throw new ApiError(400, `invalid action "${action}"`);
  }
  if (names.length === 0) {
    throw new ApiError(400, `must specify services for ${action} action`);
  }
  const unknown = names.find((name) => services[name] === undefined);
  if (unknown !== undefined) {
    throw new ApiError(400, `cannot ${action} services: service "${unknown}" does not exist`);
  }
  return {
    action,
    names,
    stops: action === 'start' ? [] : names,
    starts: action === 'stop' ? [] : names,
  };
}

/** The change's summary, as Pebble words it. */
export function serviceChangeSummary({ action, names }: ServiceAction): string {
  const title = action.charAt(0).toUpperCase() + action.slice(1);
  return names.length === 0
    ? `${title} - no services`
    : `${title} service "${names[0]}"${names.length > 1 ? ` and ${names.length - 1} more` : ''}`;
}

/** The change's tasks: the stops, then the starts. */
export function serviceTasks({
  stops,
  starts,
}: ServiceAction): { kind: string; summary: string }[] {
  return [
    ...stops.map((name) => ({ kind: 'stop', summary: `Stop service "${name}"` })),
    ...starts.map((name) => ({ kind: 'start', summary: `Start service "${name}"` })),
  ];
}
