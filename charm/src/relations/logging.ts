import {
  type Charm,
  type LogTargetSpec,
  type Plan,
  relationGet,
  relationList,
  relationSet,
} from '@hlp/juju';

import { CHARM_NAME, ENDPOINTS } from '../names';
import { liveRelations } from './live-relations';
import { topologyMetadata } from './topology';

/** The Loki push endpoints the `logging` integration offers, by the Loki unit that offers each. */
export type LokiEndpoints = Readonly<Record<string, string>>;

/**
 * Every Loki unit's push URL (`loki_push_api`: `{"url": …}` as JSON in the unit's `endpoint`
 * field); a unit that has not published one yet is left out.
 */
export async function lokiEndpoints(charm: Charm): Promise<LokiEndpoints> {
  const endpoints: Record<string, string> = {};
  for (const relation of await liveRelations(charm, ENDPOINTS.logging)) {
    for (const unit of await relationList(charm.runner, relation)) {
      const { endpoint } = await relationGet(charm.runner, relation, unit);
      try {
        const { url } = JSON.parse(endpoint ?? '') as { url?: unknown };
        if (typeof url === 'string' && url !== '') endpoints[unit] = url;
      } catch {
        // Not published yet, or not JSON: this unit gets no logs until it publishes a URL.
      }
    }
  }
  return endpoints;
}

/** Who the logs are from, as the Loki library labels them (cosl's JujuTopology). */
export interface Topology {
  readonly model: string;
  readonly modelUuid: string;
  readonly application: string;
  readonly unit: string;
}

/**
 * Pebble log targets that forward every service's output to each Loki unit, labelled as the
 * Loki library's LogForwarder labels them; targets of Loki units that went away stay in the
 * plan (layers cannot delete) with their services set to `-all`, which stops them.
 */
export function logTargets(
  plan: Plan,
  endpoints: LokiEndpoints,
  topology: Topology,
): Record<string, LogTargetSpec> {
  const targets: Record<string, LogTargetSpec> = {};
  for (const [name, target] of Object.entries(plan['log-targets'] ?? {})) {
    if (endpoints[name] !== undefined || target.services?.includes('-all')) continue;
    targets[name] = {
      override: 'replace',
      type: 'loki',
      location: target.location ?? '',
      services: ['-all'],
    };
  }
  const job = `juju_${topology.model}_${topology.modelUuid.slice(0, 8)}_${topology.application}`;
  for (const [unit, url] of Object.entries(endpoints)) {
    targets[unit] = {
      override: 'replace',
      type: 'loki',
      location: url,
      services: ['all'],
      labels: {
        product: 'Juju',
        charm: CHARM_NAME,
        juju_model: topology.model,
        juju_model_uuid: topology.modelUuid,
        juju_application: topology.application,
        juju_unit: topology.unit,
        job,
      },
    };
  }
  return targets;
}

/**
 * What the Loki library's consumer puts in the application bag (leader): the topology as
 * `metadata`, and `alert_rules`, empty: the charm ships no LogQL rules.
 */
export async function publishLoggingMetadata(charm: Charm, leader: boolean): Promise<void> {
  if (!leader) return;
  const metadata = topologyMetadata(charm);
  for (const relation of await liveRelations(charm, ENDPOINTS.logging)) {
    await relationSet(
      charm.runner,
      relation,
      { metadata: JSON.stringify(metadata), alert_rules: JSON.stringify({}) },
      { app: true },
    );
  }
}
