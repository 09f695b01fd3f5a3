/**
 * Names that charmcraft.yaml, the rock and the charm's code must spell the same way; the
 * metadata test reads them from here.
 */

/** The charm's name, as published and as Juju knows it. */
export const CHARM_NAME = 'httprequest-lego-provider';

/** The workload container, and the OCI resource its image comes from. */
export const CONTAINER = 'httprequest-lego-provider';
export const CONTAINER_RESOURCE = 'httprequest-lego-provider-image';

/** The Pebble service, named as in rock/rockcraft.yaml. */
export const SERVICE = 'httprequest-lego-provider';

/** The label of the layer the charm adds on top of the rock's own. */
export const LAYER_LABEL = 'httprequest-lego-provider';

/** The ready check, named as in the rock so that the charm's replaces it. */
export const READY_CHECK = 'ready';

/** The rock's only user (uid and gid 584792); the service and the files the charm writes belong to it. */
export const SERVICE_USER = '_daemon_';

/** The workload's probe: 200 once the database is reachable and migrated and the repository usable. */
export const READY_PATH = '/health/ready';

/**
 * Where each unit takes the batches the other units hand it while it writes to the repository
 * (`HLP_PEER_PORT`): on its pod's own address, reached directly by the other pods.
 */
export const PEER_PORT = 8001;

/** Where Prometheus scrapes the workload. */
export const METRICS_PATH = '/metrics';

export const ENDPOINTS = {
  database: 'postgresql',
  ingress: 'ingress',
  metrics: 'metrics-endpoint',
  dashboards: 'grafana-dashboard',
  logging: 'logging',
  peers: 'secret-storage',
} as const;

/** The application-owned Juju secret holding the key that signs tokens and sessions. */
export const SIGNING_KEY_SECRET_LABEL = 'signing-key';
