import { execFileSync } from 'node:child_process';

import { type FakeRelationInit, type State, copyState, events } from '@hlp/juju/testing';

import { dashboardContent } from '../src/relations/grafana-dashboard';
import {
  ZONE_REPOSITORY,
  ctx,
  environment,
  plan,
  unitState,
  workload,
} from './helpers/charm-state';
import { WorkloadStandIn } from './helpers/workload-stand-in';

const INGRESS = 5;
const METRICS = 6;
const GRAFANA = 7;
const LOKI = 8;
const LOKI_URL = 'http://loki-k8s-0.loki-k8s-endpoints.cos.svc.cluster.local:3100/loki/api/v1/push';

/**
 * Traefik, Prometheus, Grafana and Loki, related and answered. Juju itself writes
 * `ingress-address`, `egress-subnets` and `private-address` into every unit's databag.
 */
const related: FakeRelationInit[] = [
  {
    id: INGRESS,
    endpoint: 'ingress',
    remoteApp: 'traefik-k8s',
    remoteAppData: { ingress: JSON.stringify({ url: 'http://ingress.example.com/lego-app' }) },
    remoteUnitsData: {
      'traefik-k8s/0': {
        'ingress-address': '10.1.7.12',
        'egress-subnets': '10.1.7.12/32',
        'private-address': '10.1.7.12',
      },
    },
  },
  {
    id: METRICS,
    endpoint: 'metrics-endpoint',
    remoteApp: 'prometheus-k8s',
    remoteUnitsData: { 'prometheus-k8s/0': {} },
  },
  {
    id: GRAFANA,
    endpoint: 'grafana-dashboard',
    remoteApp: 'grafana-k8s',
    remoteUnitsData: { 'grafana-k8s/0': {} },
  },
  {
    id: LOKI,
    endpoint: 'logging',
    remoteApp: 'loki-k8s',
    // loki_push_api's provider: `endpoint` in each unit's bag, `{"url": …/loki/api/v1/push}`.
    remoteUnitsData: { 'loki-k8s/0': { endpoint: JSON.stringify({ url: LOKI_URL }) } },
  },
];

/** What cosl's `LZMABase64.decompress` does, in Python as Grafana's charm runs it. */
function lzmaBase64Decompress(content: string): string {
  return execFileSync(
    'python3',
    [
      '-c',
      'import base64,lzma,sys; sys.stdout.write(lzma.decompress(base64.b64decode(sys.stdin.read())).decode())',
    ],
    { input: content, encoding: 'utf8' },
  );
}

/** hashlib.shake_256(text).hexdigest(length), as cosl's DashboardPath40UID and the library compute. */
function pythonShake256(text: string, length: number): string {
  return execFileSync(
    'python3',
    [
      '-c',
      `import hashlib,sys; sys.stdout.write(hashlib.shake_256(sys.stdin.read().encode()).hexdigest(${length}))`,
    ],
    { input: text, encoding: 'utf8' },
  );
}

function relationOf(current: State, id: number) {
  const relation = current.relations.find((candidate) => candidate.id === id);
  if (relation === undefined) throw new Error(`no relation ${id}`);
  return relation;
}

/** The hook tool calls that write to a relation. */
function writesTo(calls: string[][], relation: string): string[][] {
  return calls.filter(([tool, ...args]) => tool === 'relation-set' && args.includes(relation));
}

describe('the integrations operators expect: ingress, Prometheus, Grafana and Loki', () => {
  let standIn: WorkloadStandIn;
  let active: State;

  beforeAll(async () => {
    standIn = await WorkloadStandIn.start();
    const before = unitState(standIn.port, {
      config: { 'git-repo': ZONE_REPOSITORY, 'allowed-hosts': 'lego.example.com' },
      relations: related,
    });
    active = await ctx.run(events.configChanged(), before);
    expect(active.unitStatus).toEqual({ status: 'active', message: '' });
  });

  afterAll(() => standIn.close());

  it("ingress: the service trusts X-Forwarded-For from Traefik's units only (their egress subnets)", () => {
    expect(environment(active).HLP_TRUSTED_PROXIES).toBe('10.1.7.12/32');
  });

  it('trusted-proxies, set, replaces what the charm learned (an ingress controller elsewhere)', async () => {
    const withConfig = (current: State, proxies: string): State => ({
      ...current,
      config: { ...current.config, 'trusted-proxies': proxies },
    });
    const set = await ctx.run(
      events.configChanged(),
      withConfig(active, '10.42.0.0/16, 10.43.0.0/16'),
    );
    expect(environment(set).HLP_TRUSTED_PROXIES).toBe('10.42.0.0/16,10.43.0.0/16');

    const unset = await ctx.run(events.configChanged(), withConfig(set, ''));
    expect(environment(unset).HLP_TRUSTED_PROXIES).toBe('10.1.7.12/32');
  });

  it("grafana-dashboard: the dashboard, as grafana_dashboard's consumer decodes it", () => {
    const { dashboards } = relationOf(active, GRAFANA).localAppData;
    // lib/charms/grafana_k8s/v0/grafana_dashboard.py: `dashboards` = {"templates": {id: …}, "uuid"}.
    const data = JSON.parse(dashboards ?? '') as {
      templates: Record<string, Record<string, unknown>>;
      uuid: string;
    };
    const template = data.templates['file:httprequest-lego-provider'];

    expect(Object.keys(data.templates)).toEqual(['file:httprequest-lego-provider']);
    expect(data.uuid).toMatch(/^[0-9a-f]{64}$/);
    // _content_to_dashboard_object: charm, content, juju_topology, inject_dropdowns, dashboard_alt_uid.
    expect(template).toEqual({
      charm: 'httprequest-lego-provider',
      content: expect.any(String),
      juju_topology: {
        model: 'lego',
        model_uuid: active.modelUuid,
        application: 'httprequest-lego-provider',
        unit: 'httprequest-lego-provider/0',
      },
      inject_dropdowns: true,
      dashboard_alt_uid: pythonShake256(
        'httprequest-lego-provider-file:httprequest-lego-provider',
        8,
      ),
    });
    const dashboard = JSON.parse(lzmaBase64Decompress(String(template?.content))) as {
      uid: string;
      tags: string[];
      panels: unknown[];
    };
    // load_dashboards_from_dir: a Path-40 uid from the charm name and the file's path, and a tag.
    expect(dashboard.uid).toBe(
      pythonShake256(
        'httprequest-lego-provider-cos/grafana_dashboards/httprequest-lego-provider.json',
        20,
      ),
    );
    expect(dashboard.tags).toContain('charm: httprequest-lego-provider');
    expect(dashboard).toEqual(dashboardContent());
    expect(dashboard.panels.length).toBeGreaterThan(0);
  });

  it('grafana-dashboard: unchanged data on every hook, so Grafana is not woken for nothing', async () => {
    const after = await ctx.run(events.updateStatus(), active);

    expect(relationOf(after, GRAFANA).localAppData.dashboards).toBe(
      relationOf(active, GRAFANA).localAppData.dashboards,
    );
  });

  it("logging: Pebble forwards the service's output to each Loki unit, with the topology labels", () => {
    // _PebbleLogClient._build_log_target in loki_push_api v1 (LogForwarder).
    expect(plan(active)['log-targets']).toEqual({
      'loki-k8s/0': {
        override: 'replace',
        type: 'loki',
        location: LOKI_URL,
        services: ['all'],
        labels: {
          product: 'Juju',
          charm: 'httprequest-lego-provider',
          juju_model: 'lego',
          juju_model_uuid: active.modelUuid,
          juju_application: 'httprequest-lego-provider',
          juju_unit: 'httprequest-lego-provider/0',
          job: `juju_lego_${active.modelUuid.slice(0, 8)}_httprequest-lego-provider`,
        },
      },
    });
    // ConsumerBase._handle_alert_rules: the topology as `metadata`, and the (no) LogQL rules.
    expect(relationOf(active, LOKI).localAppData).toEqual({
      metadata: JSON.stringify({
        model: 'lego',
        model_uuid: active.modelUuid,
        application: 'httprequest-lego-provider',
        unit: 'httprequest-lego-provider/0',
        charm_name: 'httprequest-lego-provider',
      }),
      alert_rules: '{}',
    });
  });

  it('logging: a Loki unit that leaves stops receiving logs (its target is turned off)', async () => {
    const before = copyState(active);
    relationOf(before, LOKI).remoteUnitsData = {};

    const after = await ctx.run(events.relationDeparted(LOKI, 'loki-k8s/0'), before);

    expect(plan(after)['log-targets']?.['loki-k8s/0']).toEqual({
      override: 'replace',
      type: 'loki',
      location: LOKI_URL,
      services: ['-all'],
    });
    // Log targets change without restarting the service.
    expect(workload(after).services['httprequest-lego-provider']?.starts).toBe(1);
  });

  it('metrics-endpoint broken: nothing is written to it, the rest carries on', async () => {
    const after = await ctx.run(events.relationBroken(METRICS), active);

    expect(after.unitStatus).toEqual({ status: 'active', message: '' });
    expect(
      writesTo(after.toolCalls.slice(active.toolCalls.length), `metrics-endpoint:${METRICS}`),
    ).toEqual([]);
  });

  it('ingress broken: its host and its proxies leave the environment, nothing is written to it', async () => {
    expect(environment(active).HLP_ALLOWED_HOSTS).toContain('ingress.example.com');

    // Juju may still list the relation during its own relation-broken hook.
    const after = await ctx.run(events.relationBroken(INGRESS), active);

    expect(after.unitStatus).toEqual({ status: 'active', message: '' });
    expect(environment(after).HLP_ALLOWED_HOSTS).toBe(
      'lego.example.com,httprequest-lego-provider,httprequest-lego-provider.lego,.lego.svc.cluster.local',
    );
    expect(environment(after).HLP_TRUSTED_PROXIES).toBeUndefined();
    expect(writesTo(after.toolCalls.slice(active.toolCalls.length), `ingress:${INGRESS}`)).toEqual(
      [],
    );
  });
});
