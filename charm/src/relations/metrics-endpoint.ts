import { type Charm, relationSet } from '@hlp/juju';

import ALERT_RULES from '../../cos/prometheus_alert_rules/httprequest-lego-provider.rules';
import { ENDPOINTS, METRICS_PATH } from '../names';
import { alertRulesFor } from './alert-rules';
import { liveRelations } from './live-relations';
import { topologyMetadata } from './topology';
import { unitAddress } from './unit-address';

/** The application bag: the scrape job, the topology and the alert rules. */
function scrapeAppData(charm: Charm, metricsPort: number): Record<string, string> {
  const { appName, modelName, modelUuid } = charm.context;
  const metadata = topologyMetadata(charm);
  const jobs = [
    { metrics_path: METRICS_PATH, static_configs: [{ targets: [`*:${metricsPort}`] }] },
  ];
  const rules = alertRulesFor(ALERT_RULES, {
    model: modelName,
    modelUuid: modelUuid ?? '',
    application: appName,
  });
  return {
    scrape_metadata: JSON.stringify(metadata),
    scrape_jobs: JSON.stringify(jobs),
    alert_rules: JSON.stringify(rules),
  };
}

/**
 * Tells Prometheus what to scrape (`prometheus_scrape`): the job on the workload's metrics port
 * and the topology (leader), and where this unit answers (every unit). `*:<port>` targets
 * expand to every unit's address. Port 0 means the workload serves no metrics.
 */
export async function publishScrapeJobs(
  charm: Charm,
  metricsPort: number,
  leader: boolean,
): Promise<void> {
  const relations = await liveRelations(charm, ENDPOINTS.metrics);
  if (relations.length === 0 || metricsPort === 0) return;
  const address = await unitAddress(charm, ENDPOINTS.metrics);
  for (const relation of relations) {
    if (leader) {
      await relationSet(charm.runner, relation, scrapeAppData(charm, metricsPort), { app: true });
    }
    await relationSet(charm.runner, relation, {
      prometheus_scrape_unit_name: charm.context.unitName,
      ...(address === undefined ? {} : { prometheus_scrape_unit_address: address }),
    });
  }
}
