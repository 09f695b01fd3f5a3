import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { type JsonObject } from '@hlp/juju';
import { events, newSecretId } from '@hlp/juju/testing';

import { present } from './helpers/lego-client';
import { WORKLOAD_DIR } from './helpers/paths';
import { type TestModel, TestModel as Model, type TestUnit } from './helpers/test-model';

// The Python service's tables exactly as Django creates them on PostgreSQL, with sample users
// (alice / alice-password-1 may manage example.com), as the workload's own takeover test uses.
const DJANGO_SCHEMA = join(WORKLOAD_DIR, 'test', 'fixtures', 'python-service-schema.sql');

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
type PgModule = { Client: new (options: { connectionString: string }) => PgClient };
const pg = createRequire(join(WORKLOAD_DIR, 'package.json'))('pg') as PgModule;

async function query(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const REPORT = [
  'Users: 3 created, 0 updated, 0 unchanged, 0 skipped',
  'Domains: 3 created, 0 updated, 0 unchanged, 0 skipped',
  'Grants: 3 created, 0 updated, 0 unchanged, 0 skipped',
];

describe('restrict-networks', () => {
  let model: TestModel;
  let unit: TestUnit;

  const run = async (name: string, params: JsonObject) =>
    (await unit.dispatch(events.action(name, params))).state.action;

  beforeAll(async () => {
    model = await Model.create();
    unit = await model.addUnit();
    const result = await unit.dispatch(events.configChanged());
    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
  });

  afterAll(() => model.destroy());

  it('limits a user to networks (403 from elsewhere), and any=true lifts it', async () => {
    const created = await run('create-user', { username: 'lego-bot' });
    const password = String(created?.results.password);
    await run('allow-domains', { username: 'lego-bot', domains: 'example.com' });
    const fqdn = '_acme-challenge.example.com.';

    const restricted = await run('restrict-networks', {
      username: 'lego-bot',
      networks: '10.0.0.0/8, 2001:db8::/32',
    });

    expect(restricted?.failureMessage).toBeUndefined();
    expect(restricted?.results).toEqual({
      result: '"lego-bot" may connect only from 10.0.0.0/8, 2001:db8::/32.',
      username: 'lego-bot',
      networks: '10.0.0.0/8,2001:db8::/32',
    });
    expect(await present(unit, 'lego-bot', password, fqdn)).toBe(403);

    const lifted = await run('restrict-networks', { username: 'lego-bot', any: true });

    expect(lifted?.results).toMatchObject({ result: '"lego-bot" may connect from anywhere.' });
    expect(await present(unit, 'lego-bot', password, fqdn)).toBe(204);
  });

  it('refuses networks and any together, or neither, running nothing', async () => {
    const neither: JsonObject = { username: 'lego-bot' };
    const both: JsonObject = { username: 'lego-bot', networks: '10.0.0.0/8', any: true };
    for (const params of [neither, both]) {
      expect((await run('restrict-networks', params))?.failureMessage).toBe(
        "Give either 'networks' or 'any=true'.",
      );
    }
  });

  it('a malformed network: the failure is the CLI’s, naming it', async () => {
    const action = await run('restrict-networks', {
      username: 'lego-bot',
      networks: '10.0.0.0/33',
    });

    expect(action?.failureMessage).toMatch(
      /^cannot restrict the networks of "lego-bot": .*10\.0\.0\.0\/33/,
    );
  });
});

// The source is the Python charm's PostgreSQL database, as in the workload's own test.
const withPostgres = process.env.TEST_POSTGRES_URL ? describe : describe.skip;

withPostgres('import-django: taking over the Python charm from Juju', () => {
  let model: TestModel;
  let unit: TestUnit;
  let sourceUrl: string;
  const server = process.env.TEST_POSTGRES_URL ?? '';
  const sourceName = `hlp_django_${randomBytes(6).toString('hex')}`;
  const secretId = newSecretId();

  const run = async (params: JsonObject) => {
    const result = await unit.dispatch(events.action('import-django', params));
    expect(result.exitCode).toBe(0);
    return result.state.action;
  };

  beforeAll(async () => {
    await query(server, `CREATE DATABASE ${sourceName}`);
    const url = new URL(server);
    url.pathname = `/${sourceName}`;
    sourceUrl = url.toString();
    await query(sourceUrl, readFileSync(DJANGO_SCHEMA, 'utf8'));
    model = await Model.create();
    // `juju add-secret django-db uri=…` and `juju grant-secret django-db httprequest-lego-provider`.
    unit = await model.addUnit({
      state: { secrets: [{ id: secretId, owner: 'remote', content: { uri: sourceUrl } }] },
    });
    const result = await unit.dispatch(events.configChanged());
    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
  });

  afterAll(async () => {
    await model.destroy();
    await query(server, `DROP DATABASE IF EXISTS ${sourceName} WITH (FORCE)`);
  });

  it('dry-run=true reports what it would import and changes nothing', async () => {
    const action = await run({ 'source-secret-id': secretId, 'dry-run': true });

    expect(action?.failureMessage).toBeUndefined();
    expect(action?.results).toEqual({
      result: [...REPORT, 'Dry run: nothing was changed.'].join('\n'),
      'dry-run': 'true',
    });
    const domains = await unit.dispatch(events.action('list-domains', { username: '*' }));
    expect(domains.state.action?.results.result).toBe('');
  });

  it('imports the users with their Django passwords, their domains and grants', async () => {
    const action = await run({ 'source-secret-id': secretId });

    expect(action?.results).toEqual({ result: REPORT.join('\n'), 'dry-run': 'false' });
    expect(await present(unit, 'alice', 'alice-password-1', '_acme-challenge.example.com.')).toBe(
      204,
    );
  });

  it('keeps the source database URL off every command line', () => {
    const calls = JSON.stringify(unit.harness.state.toolCalls);

    expect(calls).toContain(secretId);
    expect(calls).not.toContain(new URL(sourceUrl).host + new URL(sourceUrl).pathname);
  });

  it('run again, changes nothing', async () => {
    const action = await run({ 'source-secret-id': secretId });

    expect(action?.results.result).toBe(
      [
        'Users: 0 created, 0 updated, 3 unchanged, 0 skipped',
        'Domains: 0 created, 0 updated, 3 unchanged, 0 skipped',
        'Grants: 0 created, 0 updated, 3 unchanged, 0 skipped',
      ].join('\n'),
    );
  });

  it('a secret the application may not read, or without a uri: the failure says what to do', async () => {
    const missing = await run({ 'source-secret-id': newSecretId() });
    const emptyId = newSecretId();
    unit.harness.update((state) => {
      state.secrets.push({
        id: emptyId,
        owner: 'remote',
        revisions: [{ revision: 1, content: { url: sourceUrl } }],
        grants: [],
      });
    });
    const empty = await run({ 'source-secret-id': emptyId });

    expect(missing?.failureMessage).toMatch(
      /^cannot read the secret secret:\S+ \(ERROR secret "secret:\S+" not found\): grant it with `juju grant-secret <secret> httprequest-lego-provider`$/,
    );
    expect(empty?.failureMessage).toBe(
      `the secret ${emptyId} has no "uri" field: create it with \`juju add-secret <name> uri=postgresql://<user>:<password>@<host>:5432/<database>\``,
    );
  });
});
