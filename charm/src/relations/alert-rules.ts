import { load } from 'js-yaml';

/** Who the alerts are about: Juju's topology labels, as Prometheus attaches them to our series. */
export interface Topology {
  readonly model: string;
  readonly modelUuid: string;
  readonly application: string;
}

interface RuleGroup {
  readonly name: string;
  readonly rules: readonly { readonly expr: string; readonly labels?: Record<string, string> }[];
}

/** Series the rules read: ours, the process metrics, and `up` (not a function call). */
const SELECTOR = /\b(lego_provider_[a-z_]+|process_[a-z_]+|up)\b(?!\s*\()(\{[^}]*\})?/g;

/**
 * The rules restricted to this application's series, with its topology as labels, as the
 * prometheus_scrape library publishes them: `up == 0` must mean this application's targets.
 */
export function alertRulesFor(rulesYaml: string, topology: Topology): { groups: RuleGroup[] } {
  const matchers = `juju_model="${topology.model}",juju_model_uuid="${topology.modelUuid}",juju_application="${topology.application}"`;
  const labels = {
    juju_model: topology.model,
    juju_model_uuid: topology.modelUuid,
    juju_application: topology.application,
  };
  const { groups } = load(rulesYaml) as { groups: RuleGroup[] };
  return {
    groups: groups.map((group) => ({
      name: `${topology.model}_${topology.modelUuid}_${topology.application}_${group.name}_alerts`,
      rules: group.rules.map((rule) => ({
        ...rule,
        expr: rule.expr.replace(SELECTOR, (_, name: string, selector: string | undefined) =>
          !selector || selector === '{}'
            ? `${name}{${matchers}}`
            : `${name}{${matchers},${selector.slice(1, -1)}}`,
        ),
        labels: { ...rule.labels, ...labels },
      })),
    })),
  };
}
