import { randomBytes } from 'node:crypto';

import { type FakeRelationInit, type State, events, newSecretId } from '@hlp/juju/testing';

import {
  METRICS_PORT,
  PEER_RELATION_ID,
  ZONE_REPOSITORY,
  ctx,
  environment,
  unitState,
  workload,
} from './helpers/charm-state';
import { WorkloadStandIn } from './helpers/workload-stand-in';

const SERVICE = 'httprequest-lego-provider';
const INGRESS_RELATION_ID = 5;
const METRICS_RELATION_ID = 6;

/** Traefik and Prometheus, related already; Traefik has answered with the URL. */
const observed: FakeRelationInit[] = [
  {
    id: INGRESS_RELATION_ID,
    endpoint: 'ingress',
    remoteApp: 'traefik-k8s',
    remoteAppData: { ingress: JSON.stringify({ url: 'http://ingress.example.com/lego-app' }) },
    remoteUnitsData: { 'traefik-k8s/0': {} },
  },
  {
    id: METRICS_RELATION_ID,
    endpoint: 'metrics-endpoint',
    remoteApp: 'prometheus-k8s',
    remoteUnitsData: { 'prometheus-k8s/0': {} },
  },
];

/** What Juju shares between the units of one application: its secrets and the peer app bag. */
function shareApplicationData(from: State, to: State): State {
  const owned = from.secrets.filter((secret) => secret.owner === 'application');
  const peerBag = from.relations.find((relation) => relation.peer)?.localAppData ?? {};
  return {
    ...to,
    secrets: [...to.secrets.filter((secret) => secret.owner !== 'application'), ...owned],
    relations: to.relations.map((relation) =>
      relation.peer ? { ...relation, localAppData: { ...peerBag } } : relation,
    ),
  };
}

function relation(current: State, id: number) {
  return current.relations.find((candidate) => candidate.id === id);
}

/** Each step starts from the states the one before left; the units share what Juju shares. */
describe('two units of one application', () => {
  let standIn: WorkloadStandIn;
  let leader: State;
  let follower: State;

  beforeAll(async () => {
    standIn = await WorkloadStandIn.start();
    const config = { 'git-repo': ZONE_REPOSITORY, 'allowed-hosts': 'lego.example.com' };
    leader = unitState(standIn.port, { number: 0, leader: true, config, relations: observed });
    follower = unitState(standIn.port, { number: 1, leader: false, config, relations: observed });
  });

  afterAll(() => standIn.close());

  it('a non-leader before the leader: Waiting for the signing key, and it asks Juju for nothing', async () => {
    follower = await ctx.run(events.configChanged(), follower);

    expect(follower.unitStatus).toEqual({
      status: 'waiting',
      message: 'waiting for the leader to create secret "signing-key"',
    });
    expect(follower.appStatus.status).toBe('unknown');
    const database = follower.relations.find((candidate) => candidate.endpoint === 'postgresql');
    expect(database?.localAppData).toEqual({});
    expect(follower.secrets.filter((secret) => secret.owner !== 'remote')).toEqual([]);
  });

  it('the leader creates the signing key in an application-owned secret, never in a databag', async () => {
    leader = await ctx.run(events.leaderElected(), leader);

    expect(leader.unitStatus).toEqual({ status: 'active', message: '' });
    const [secret] = leader.secrets.filter((candidate) => candidate.owner === 'application');
    expect(secret?.label).toBe('signing-key');
    const key = secret?.revisions.at(-1)?.content['secret-key'] ?? '';
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(environment(leader).HLP_SECRET_KEY).toBe(key);
    expect(JSON.stringify(leader.relations)).not.toContain(key);
  });

  it('the second unit starts with the same signing key', async () => {
    follower = await ctx.run(
      events.relationJoined(PEER_RELATION_ID, 'httprequest-lego-provider/0'),
      shareApplicationData(leader, follower),
    );

    expect(follower.unitStatus).toEqual({ status: 'active', message: '' });
    expect(environment(follower).HLP_SECRET_KEY).toBe(environment(leader).HLP_SECRET_KEY);
    expect(workload(follower).services[SERVICE]?.current).toBe('active');
  });

  it('the leader publishes the ingress and scrape requests; every unit its own address', () => {
    expect(relation(leader, INGRESS_RELATION_ID)?.localAppData).toEqual({
      model: '"lego"',
      name: '"httprequest-lego-provider"',
      port: String(standIn.port),
      'strip-prefix': 'true',
    });
    expect(relation(follower, INGRESS_RELATION_ID)?.localAppData).toEqual({});
    expect(relation(follower, INGRESS_RELATION_ID)?.localUnitData).toEqual({
      host: '"httprequest-lego-provider-1.httprequest-lego-provider-endpoints.lego.svc.cluster.local"',
      ip: '"10.1.42.7"',
    });
    const scrape = relation(leader, METRICS_RELATION_ID)?.localAppData ?? {};
    expect(JSON.parse(scrape.scrape_jobs ?? '')).toEqual([
      { metrics_path: '/metrics', static_configs: [{ targets: [`*:${METRICS_PORT}`] }] },
    ]);
    expect(JSON.parse(scrape.scrape_metadata ?? '')).toMatchObject({
      model: 'lego',
      application: 'httprequest-lego-provider',
      charm_name: 'httprequest-lego-provider',
    });
    const rules = JSON.parse(scrape.alert_rules ?? '') as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    expect(rules.groups[0].rules.map((rule) => rule.alert)).toContain(
      'HttpreqProviderPushesFailing',
    );
    expect(rules.groups[0].rules[0].expr).toMatch(
      /^up\{juju_model="lego",juju_model_uuid="[^"]*",juju_application="httprequest-lego-provider"\} == 0$/,
    );
    expect(relation(follower, METRICS_RELATION_ID)?.localAppData).toEqual({});
    expect(environment(follower).HLP_METRICS_PORT).toBe(String(METRICS_PORT));
    expect(relation(follower, METRICS_RELATION_ID)?.localUnitData).toEqual({
      prometheus_scrape_unit_name: 'httprequest-lego-provider/1',
      prometheus_scrape_unit_address: '10.1.42.7',
    });
  });

  it('the service answers to the configured name, the Kubernetes names and the ingress host', () => {
    expect(environment(follower).HLP_ALLOWED_HOSTS).toBe(
      'lego.example.com,httprequest-lego-provider,httprequest-lego-provider.lego,.lego.svc.cluster.local,ingress.example.com',
    );
  });

  it('rotate-secret-key on a non-leader fails, as in the Python charm', async () => {
    const after = await ctx.run(events.action('rotate-secret-key'), follower);

    expect(after.action?.failureMessage).toBe('only leader unit can rotate secret key');
  });

  it('rotate-secret-key on the leader: a new revision, applied here, then on the other unit', async () => {
    const before = environment(leader).HLP_SECRET_KEY;
    const leaderStarts = workload(leader).services[SERVICE]?.starts ?? 0;

    leader = await ctx.run(events.action('rotate-secret-key'), leader);

    expect(leader.action?.failureMessage).toBeUndefined();
    expect(leader.action?.results).toEqual({
      status: 'success',
      result: 'Rotated the secret key: users must log in again.',
      revision: '2',
    });
    const key = environment(leader).HLP_SECRET_KEY;
    expect(key).not.toBe(before);
    expect(workload(leader).services[SERVICE]?.starts).toBe(leaderStarts + 1);
    const peers = leader.relations.find((candidate) => candidate.peer);
    expect(peers?.localAppData).toEqual({ 'signing-key-revision': '2' });
    // The replaced key is removed from Juju, not kept as an old revision.
    const [secret] = leader.secrets.filter((candidate) => candidate.owner === 'application');
    expect(
      secret?.revisions.map(({ revision, content }) => [revision, content['secret-key']]),
    ).toEqual([[2, key]]);

    follower = await ctx.run(
      events.relationChanged(PEER_RELATION_ID),
      shareApplicationData(leader, follower),
    );

    expect(follower.unitStatus).toEqual({ status: 'active', message: '' });
    expect(environment(follower).HLP_SECRET_KEY).toBe(key);
  });
});

describe('two units starting together on one database', () => {
  it('each migrates once for the schema, and both become Active', async () => {
    const standIn = await WorkloadStandIn.start();
    // The leader made the signing key in an earlier hook; Juju shares it with every unit.
    const signingKey = {
      id: newSecretId(),
      owner: 'application' as const,
      label: 'signing-key',
      content: { 'secret-key': randomBytes(48).toString('base64url') },
    };
    try {
      const units = [
        unitState(standIn.port, { number: 0, secrets: [signingKey] }),
        unitState(standIn.port, { number: 1, leader: false, secrets: [signingKey] }),
      ];

      // `migrate` takes a PostgreSQL advisory lock (the workload's own tests prove it), so the
      // charm may run it on every unit at once.
      const started = await Promise.all(
        units.map((unit) => ctx.run(events.pebbleReady('httprequest-lego-provider'), unit)),
      );

      for (const after of started) {
        expect(after.unitStatus).toEqual({ status: 'active', message: '' });
        expect(after.unitState['migrated-schema']).toBeDefined();
        expect(workload(after).execLog.map((call) => call.command.at(-1))).toEqual(['migrate']);
        expect(workload(after).services[SERVICE]).toMatchObject({ current: 'active', starts: 1 });
      }
    } finally {
      await standIn.close();
    }
  });
});
