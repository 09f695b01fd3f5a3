import { type Charm, relationIds, relationSet } from '@hlp/juju';

import ALERT_RULES from '../../cos/prometheus_alert_rules/httprequest-lego-provider.rules';
import { CHARM_NAME, ENDPOINTS, METRICS_PATH } from '../names';
import { alertRulesFor } from './alert-rules';
import { unitAddress } from './unit-address';

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
  const [relation] = await relationIds(charm.runner, ENDPOINTS.metrics);
  if (relation === undefined || metricsPort === 0) return;
  const { appName, modelName, modelUuid, unitName } = charm.context;
  if (leader) {
    const metadata = {
      model: modelName,
      model_uuid: modelUuid ?? '',
      application: appName,
      unit: unitName,
      charm_name: CHARM_NAME,
    };
    const jobs = [
      { metrics_path: METRICS_PATH, static_configs: [{ targets: [`*:${metricsPort}`] }] },
    ];
    const rules = alertRulesFor(ALERT_RULES, {
      model: modelName,
      modelUuid: modelUuid ?? '',
      application: appName,
    });
    await relationSet(
      charm.runner,
      relation,
      {
        scrape_metadata: JSON.stringify(metadata),
        scrape_jobs: JSON.stringify(jobs),
        alert_rules: JSON.stringify(rules),
      },
      { app: true },
    );
  }
  const address = await unitAddress(charm, ENDPOINTS.metrics);
  await relationSet(charm.runner, relation, {
    prometheus_scrape_unit_name: unitName,
    ...(address === undefined ? {} : { prometheus_scrape_unit_address: address }),
  });
}
