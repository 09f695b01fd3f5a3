import {
  BlockedStatusError,
  type Charm,
  ChangeError,
  type JujuEvent,
  type Layer,
  MaintenanceStatusError,
  type Pebble,
  type Plan,
  WaitingStatusError,
  applicationVersionSet,
  isLeader,
  openPort,
} from '@hlp/juju';

import { readCharmSettings } from './config/charm-settings';
import { ConfigProblems } from './config/config-problems';
import { CONTAINER, ENDPOINTS, LAYER_LABEL, SERVICE } from './names';
import { databaseRelation, databaseUri, requestDatabase } from './relations/database';
import { publishDashboards } from './relations/grafana-dashboard';
import { ingressProxies, ingressUrl, publishIngress } from './relations/ingress';
import { logTargets, lokiEndpoints, publishLoggingMetadata } from './relations/logging';
import { publishScrapeJobs } from './relations/metrics-endpoint';
import { serviceHostNames } from './service-host-names';
import { signingKey } from './signing-key';
import { scannedHostKeys } from './ssh/host-key-scan';
import { knownHostsName } from './ssh/known-hosts';
import { migrateOnce } from './workload/migrations';
import { waitForReadiness } from './workload/readiness';
import { syncWorkloadFiles } from './workload/workload-files';
import { workloadImage } from './workload/workload-image';
import { planHasLayer, workloadLayer } from './workload/workload-layer';
import { workloadVersion } from './workload/workload-version';
import { workloadConfig } from './workload/workload-config';

/** How long a hook waits for a (re)started service to answer its readiness probe. */
const READY_TIMEOUT_MS = 30_000;

/**
 * How long this event may wait for the service to become ready: `update-status` comes every
 * few minutes to report, not to change anything, so it probes once and says what it found.
 */
export function readinessWaitMs(event: JujuEvent): number {
  return event.kind === 'update-status' ? 0 : READY_TIMEOUT_MS;
}

async function serviceIsActive(pebble: Pebble): Promise<boolean> {
  const [service] = await pebble.getServices([SERVICE]);
  return service?.current === 'active';
}

/** Without its database the service cannot work: stop it rather than let it fail requests. */
async function stopWithoutDatabase(pebble: Pebble): Promise<void> {
  if ((await pebble.canConnect()) && (await serviceIsActive(pebble))) {
    await pebble.stopServices([SERVICE]);
  }
}

/** Adds the layer and replans, only when the plan differs or the service is down. */
async function applyLayer(pebble: Pebble, plan: Plan, layer: Layer): Promise<void> {
  if (planHasLayer(plan, layer) && (await serviceIsActive(pebble))) return;
  await pebble.addLayer(LAYER_LABEL, layer, { combine: true });
  try {
    await pebble.replan();
  } catch (error) {
    if (!(error instanceof ChangeError)) throw error;
    throw new WaitingStatusError(
      `the service did not start (${error.change.err ?? error.change.status}); Pebble retries it, its log is in \`pebble logs ${SERVICE}\``,
    );
  }
}

/**
 * The one path every hook takes: from config, relations and secrets to the workload's files,
 * layer and status. Each step either does its part or stops with the status that says what the
 * unit waits for, or what the operator must do.
 */
export async function reconcile(charm: Charm): Promise<string> {
  const { runner } = charm;
  const { event } = charm.context;
  // The pod is going away: nothing to configure, and nothing worth waiting for.
  if (event.kind === 'stop' || event.kind === 'remove') {
    throw new MaintenanceStatusError(
      `the unit is ${event.kind === 'stop' ? 'stopping' : 'being removed'}`,
    );
  }
  const leader = await isLeader(runner);
  const database = await databaseRelation(charm);
  // Asked first, so that the database is being created while the rest gets sorted out.
  if (leader && database !== undefined) await requestDatabase(charm, database);
  // What COS needs from the application does not depend on the workload.
  await publishDashboards(charm, leader);
  await publishLoggingMetadata(charm, leader);

  const pebble = charm.pebble(CONTAINER);
  const problems = new ConfigProblems();
  const settings = await readCharmSettings(runner, problems);
  if (database === undefined) {
    problems.missingIntegration(ENDPOINTS.database);
    await stopWithoutDatabase(pebble);
  }
  if (settings === undefined || database === undefined || !problems.empty) {
    throw new BlockedStatusError(problems.message());
  }

  if (!(await pebble.canConnect())) {
    throw new WaitingStatusError(`waiting for Pebble in the ${CONTAINER} container`);
  }
  const plan = await pebble.getPlan();
  const image = workloadImage(plan);
  const knownHosts =
    settings.knownHosts ??
    (settings.scanHostKeysOf && (await scannedHostKeys(runner, pebble, settings.scanHostKeysOf)));
  const workload = workloadConfig(
    {
      settings,
      image,
      databaseUri: await databaseUri(charm, database),
      signingKey: await signingKey(runner),
      ...(knownHosts === undefined ? {} : { knownHosts }),
      serviceHostNames: serviceHostNames(charm.context, await ingressUrl(charm)),
      ingressProxies: await ingressProxies(charm),
    },
    problems,
  );
  if (workload === undefined) throw new BlockedStatusError(problems.message());

  const { port } = workload.config;
  await syncWorkloadFiles(pebble, workload.filesDir, workload.files);
  await migrateOnce(runner, pebble, image, workload.config.database, workload.environment);
  const { appName, modelName, modelUuid, unitName } = charm.context;
  const forwarding = logTargets(plan, await lokiEndpoints(charm), {
    model: modelName,
    modelUuid: modelUuid ?? '',
    application: appName,
    unit: unitName,
  });
  await applyLayer(pebble, plan, workloadLayer(image, workload.environment, port, forwarding));
  await openPort(runner, { protocol: 'tcp', port });
  await publishIngress(charm, port, leader);
  await publishScrapeJobs(charm, workload.config.metricsPort, leader);
  const version = await workloadVersion(pebble, image);
  if (version !== undefined) await applicationVersionSet(runner, version);

  const readiness = await waitForReadiness(port, readinessWaitMs(event));
  if (!readiness.ready) {
    throw new WaitingStatusError(`waiting for the service to be ready: ${readiness.reason}`);
  }
  return settings.scanHostKeysOf === undefined
    ? ''
    : `trusting the scanned SSH host keys of ${knownHostsName(settings.scanHostKeysOf)}: set git-known-hosts to pin them`;
}
