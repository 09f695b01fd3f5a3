import { createHash } from 'node:crypto';

import { type Charm, relationSet } from '@hlp/juju';

import DASHBOARD from '../../cos/grafana_dashboards/httprequest-lego-provider.json';
import { CHARM_NAME, ENDPOINTS } from '../names';
import { liveRelations } from './live-relations';
import { xzStore } from './xz';

/** Where the dashboard lives in this charm's source, which its Grafana uid is derived from. */
export const DASHBOARD_PATH = 'cos/grafana_dashboards/httprequest-lego-provider.json';

/** The dashboard's id in the relation data: `file:<file name without extension>`. */
export const DASHBOARD_ID = 'file:httprequest-lego-provider';

function shake256(text: string, bytes: number): string {
  return createHash('shake256', { outputLength: bytes }).update(text, 'utf8').digest('hex');
}

/**
 * The dashboard as grafana_dashboard's provider sends it: a uid derived from the charm's name
 * and the file's path (40 hex characters, `DashboardPath40UID`), and a `charm: <name>` tag.
 */
export function dashboardContent(): Record<string, unknown> {
  const tags = (DASHBOARD.tags as string[]).filter((tag) => !tag.startsWith('charm: '));
  return {
    ...DASHBOARD,
    uid: shake256(`${CHARM_NAME}-${DASHBOARD_PATH}`, 20),
    tags: [...tags, `charm: ${CHARM_NAME}`],
  };
}

/**
 * Offers the dashboard to Grafana (`grafana_dashboard`, leader, application bag): the
 * `dashboards` field holds `templates` by id, each with the content xz-compressed then
 * base64-encoded (`LZMABase64`), the charm, the topology Grafana's dropdowns filter on, and an
 * alternative uid. The `uuid` is derived from the rest, so the data changes only with them.
 */
export async function publishDashboards(charm: Charm, leader: boolean): Promise<void> {
  if (!leader) return;
  const relations = await liveRelations(charm, ENDPOINTS.dashboards);
  if (relations.length === 0) return;
  const { appName, modelName, modelUuid, unitName } = charm.context;
  const templates = {
    [DASHBOARD_ID]: {
      charm: CHARM_NAME,
      content: xzStore(Buffer.from(JSON.stringify(dashboardContent()), 'utf8')).toString('base64'),
      juju_topology: {
        model: modelName,
        model_uuid: modelUuid ?? '',
        application: appName,
        unit: unitName,
      },
      inject_dropdowns: true,
      dashboard_alt_uid: shake256(`${CHARM_NAME}-${DASHBOARD_ID}`, 8),
    },
  };
  const uuid = createHash('sha256').update(JSON.stringify(templates)).digest('hex');
  const dashboards = JSON.stringify({ templates, uuid });
  for (const relation of relations) {
    await relationSet(charm.runner, relation, { dashboards }, { app: true });
  }
}
