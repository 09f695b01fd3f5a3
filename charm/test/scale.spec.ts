import { randomBytes } from 'node:crypto';

import { type FakeJujuStateInit, events, newSecretId } from '@hlp/juju/testing';

import {
  PEER_RELATION_ID,
  type TestModel,
  TestModel as Model,
  type TestUnit,
} from './helpers/test-model';
import { newestMigration } from './helpers/test-database';

/** What Juju shares between the units of one application: its secrets and the peer app bag. */
function shareApplicationData(from: TestUnit, to: TestUnit): void {
  const source = from.harness.state;
  to.harness.update((state) => {
    const owned = source.secrets.filter((secret) => secret.owner === 'application');
    state.secrets = [...state.secrets.filter((secret) => secret.owner !== 'application'), ...owned];
    const peers = (bag: typeof state) => bag.relations.find((relation) => relation.peer);
    const target = peers(state);
    if (target) target.localAppData = { ...peers(source)?.localAppData };
  });
}

const INGRESS_RELATION_ID = 5;
const METRICS_RELATION_ID = 6;

/** Traefik and Prometheus, related already; Traefik has answered with the URL. */
const observed: FakeJujuStateInit = {
  relations: [
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
  ],
};

function relation(unit: TestUnit, id: number) {
  return unit.harness.state.relations.find((candidate) => candidate.id === id);
}

describe('two units of one application', () => {
  let model: TestModel;
  let leader: TestUnit;
  let follower: TestUnit;

  beforeAll(async () => {
    model = await Model.create();
    const config = { 'git-repo': model.zoneRepository, 'allowed-hosts': 'lego.example.com' };
    leader = await model.addUnit({ number: 0, leader: true, config, state: observed });
    follower = await model.addUnit({ number: 1, leader: false, config, state: observed });
  });

  afterAll(() => model.destroy());

  it('a non-leader before the leader: Waiting for the signing key, and it asks Juju for nothing', async () => {
    const result = await follower.dispatch(events.configChanged());

    expect(result.exitCode).toBe(0);
    expect(result.state.unitStatus).toEqual({
      status: 'waiting',
      message: 'waiting for the leader to create secret "signing-key"',
    });
    expect(result.state.appStatus.status).toBe('unknown');
    const database = result.state.relations.find((relation) => relation.endpoint === 'postgresql');
    expect(database?.localAppData).toEqual({});
    expect(result.state.secrets.filter((secret) => secret.owner !== 'remote')).toEqual([]);
  });

  it('the leader creates the signing key in an application-owned secret, never in a databag', async () => {
    const result = await leader.dispatch(events.leaderElected());

    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
    const [secret] = result.state.secrets.filter((candidate) => candidate.owner === 'application');
    expect(secret?.label).toBe('signing-key');
    const key = secret?.revisions.at(-1)?.content['secret-key'] ?? '';
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(leader.environment().HLP_SECRET_KEY).toBe(key);
    expect(JSON.stringify(result.state.relations)).not.toContain(key);
  });

  it('the second unit starts with the same signing key', async () => {
    shareApplicationData(leader, follower);

    const result = await follower.dispatch(
      events.relationJoined(PEER_RELATION_ID, 'httprequest-lego-provider/0'),
    );

    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
    expect(follower.environment().HLP_SECRET_KEY).toBe(leader.environment().HLP_SECRET_KEY);
    expect(await follower.readyStatus()).toBe(200);
    expect(await leader.readyStatus()).toBe(200);
  });

  it('the leader publishes the ingress and scrape requests; every unit its own address', () => {
    expect(relation(leader, INGRESS_RELATION_ID)?.localAppData).toEqual({
      model: '"lego"',
      name: '"httprequest-lego-provider"',
      port: String(leader.port),
      'strip-prefix': 'true',
    });
    expect(relation(follower, INGRESS_RELATION_ID)?.localAppData).toEqual({});
    expect(relation(follower, INGRESS_RELATION_ID)?.localUnitData).toEqual({
      host: '"httprequest-lego-provider-1.httprequest-lego-provider-endpoints.lego.svc.cluster.local"',
      ip: '"10.1.42.7"',
    });
    const scrape = relation(leader, METRICS_RELATION_ID)?.localAppData ?? {};
    expect(JSON.parse(scrape.scrape_jobs ?? '')).toEqual([
      { metrics_path: '/metrics', static_configs: [{ targets: [`*:${leader.metricsPort}`] }] },
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
    expect(follower.environment().HLP_METRICS_PORT).toBe(String(follower.metricsPort));
    expect(relation(follower, METRICS_RELATION_ID)?.localUnitData).toEqual({
      prometheus_scrape_unit_name: 'httprequest-lego-provider/1',
      prometheus_scrape_unit_address: '10.1.42.7',
    });
  });

  it('the service answers to the configured name, the Kubernetes names and the ingress host', () => {
    expect(follower.environment().HLP_ALLOWED_HOSTS).toBe(
      'lego.example.com,httprequest-lego-provider,httprequest-lego-provider.lego,.lego.svc.cluster.local,ingress.example.com',
    );
  });

  it('rotate-secret-key on a non-leader fails, as in the Python charm', async () => {
    const result = await follower.dispatch(events.action('rotate-secret-key'));

    expect(result.state.action?.failureMessage).toBe('only leader unit can rotate secret key');
  });

  it('rotate-secret-key on the leader: a new revision, applied here, then on the other unit', async () => {
    const before = leader.environment().HLP_SECRET_KEY;
    const leaderStarts = leader.starts();

    const rotated = await leader.dispatch(events.action('rotate-secret-key'));

    expect(rotated.state.action?.failureMessage).toBeUndefined();
    expect(rotated.state.action?.results).toEqual({
      status: 'success',
      result: 'Rotated the secret key: users must log in again.',
      revision: '2',
    });
    const key = leader.environment().HLP_SECRET_KEY;
    expect(key).not.toBe(before);
    expect(leader.starts()).toBe(leaderStarts + 1);
    const peers = rotated.state.relations.find((relation) => relation.peer);
    expect(peers?.localAppData).toEqual({ 'signing-key-revision': '2' });
    // The replaced key is removed from Juju, not kept as an old revision.
    const [secret] = rotated.state.secrets.filter((candidate) => candidate.owner === 'application');
    expect(
      secret?.revisions.map(({ revision, content }) => [revision, content['secret-key']]),
    ).toEqual([[2, key]]);

    shareApplicationData(leader, follower);
    const followed = await follower.dispatch(events.relationChanged(PEER_RELATION_ID));

    expect(followed.state.unitStatus).toEqual({ status: 'active', message: '' });
    expect(follower.environment().HLP_SECRET_KEY).toBe(key);
  });
});

describe('two units starting at the same moment on one database', () => {
  let model: TestModel;

  beforeAll(async () => {
    model = await Model.create();
  });

  afterAll(() => model.destroy());

  it('both migrate safely and both become ready', async () => {
    // The leader made the signing key in an earlier hook; Juju shares it with every unit.
    const signingKey = {
      id: newSecretId(),
      owner: 'application' as const,
      label: 'signing-key',
      content: { 'secret-key': randomBytes(48).toString('base64url') },
    };
    const leader = await model.addUnit({ number: 0, state: { secrets: [signingKey] } });
    const follower = await model.addUnit({
      number: 1,
      leader: false,
      state: { secrets: [signingKey] },
    });
    const start = (unit: TestUnit) =>
      unit.dispatch(events.pebbleReady('httprequest-lego-provider'));

    // SQLite is one process's database: without PostgreSQL the second unit comes second.
    const results =
      model.database.engine === 'postgres'
        ? await Promise.all([start(leader), start(follower)])
        : [await start(leader), await start(follower)];

    for (const result of results) {
      expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
      expect(result.state.unitState['migrated-schema']).toMatch(
        new RegExp(` ${newestMigration(model.database.engine)}$`),
      );
    }
    expect(await leader.readyStatus()).toBe(200);
    expect(await follower.readyStatus()).toBe(200);
  });
});
