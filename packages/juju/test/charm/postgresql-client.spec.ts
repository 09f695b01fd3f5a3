import {
  BlockedStatusError,
  DEFAULT_REQUESTED_SECRETS,
  WaitingStatusError,
  readPostgresqlConnection,
  requestPostgresqlDatabase,
  requirePostgresqlDatabase,
} from '../../src';
import { FakeJuju, type FakeJujuStateInit } from '../../src/testing';

const relation = { endpoint: 'postgresql', id: 3 };
const providerBag = {
  database: 'lego',
  endpoints: 'pg-primary.m.svc.cluster.local:5432,pg-replica:5432',
  'read-only-endpoints': 'pg-replica:5432',
  version: '14.12',
  'secret-user': 'secret:user0000000000000000',
};

async function fake(
  init: Partial<FakeJujuStateInit> = {},
  remoteAppData = providerBag,
): Promise<FakeJuju> {
  return FakeJuju.create({
    unit: 'lego/0',
    leader: true,
    relations: [{ id: 3, endpoint: 'postgresql', remoteApp: 'postgresql-k8s', remoteAppData }],
    secrets: [
      {
        id: 'secret:user0000000000000000',
        owner: 'remote',
        content: { username: 'relation_id_3', password: 'p@ss/w:rd' },
      },
    ],
    ...init,
  });
}

describe('the postgresql_client requirer', () => {
  let juju: FakeJuju;

  afterEach(() => juju.remove());

  it('requests the database and the secret fields in our application databag', async () => {
    juju = await fake({}, {} as typeof providerBag);

    await requestPostgresqlDatabase(juju.runner(), relation, {
      database: 'lego',
      extraUserRoles: 'admin',
    });

    expect(juju.state().relations[0]?.localAppData).toEqual({
      database: 'lego',
      'requested-secrets': JSON.stringify(DEFAULT_REQUESTED_SECRETS),
      'extra-user-roles': 'admin',
    });
  });

  it('reads the provider databag and the user secret, and builds a percent-encoded URI', async () => {
    juju = await fake();

    const connection = await readPostgresqlConnection(juju.runner(), relation);

    expect(connection).toEqual({
      database: 'lego',
      endpoints: ['pg-primary.m.svc.cluster.local:5432', 'pg-replica:5432'],
      readOnlyEndpoints: ['pg-replica:5432'],
      username: 'relation_id_3',
      password: 'p@ss/w:rd',
      uri: 'postgresql://relation_id_3:p%40ss%2Fw%3Ard@pg-primary.m.svc.cluster.local:5432/lego',
      version: '14.12',
    });
    expect(juju.state().secrets[0]?.consumerLabel).toBe('postgresql.3.user.secret');
    expect(juju.state().toolCalls).toContainEqual([
      'secret-get',
      '--format=json',
      'secret:user0000000000000000',
      '--label',
      'postgresql.3.user.secret',
      '--refresh',
    ]);
  });

  it("prefers the provider's uris from the secret", async () => {
    juju = await fake({
      secrets: [
        {
          id: 'secret:user0000000000000000',
          owner: 'remote',
          content: {
            username: 'u',
            password: 'p',
            uris: 'postgresql://u:p@pg:5432/lego?sslmode=require',
          },
        },
      ],
    });

    expect((await readPostgresqlConnection(juju.runner(), relation))?.uri).toBe(
      'postgresql://u:p@pg:5432/lego?sslmode=require',
    );
  });

  it('is undefined until the provider has published endpoints and credentials', async () => {
    juju = await fake({}, { database: 'lego' } as typeof providerBag);

    expect(await readPostgresqlConnection(juju.runner(), relation)).toBeUndefined();
  });

  it('requirePostgresqlDatabase: Blocked without the relation', async () => {
    juju = await fake({ relations: [] });

    await expect(
      requirePostgresqlDatabase(juju.runner(), 'postgresql', { database: 'lego' }),
    ).rejects.toEqual(new BlockedStatusError('missing integration: postgresql'));
  });

  it('requirePostgresqlDatabase: the leader asks, then Waiting until the provider answers', async () => {
    juju = await fake({}, {} as typeof providerBag);

    const error = await requirePostgresqlDatabase(juju.runner(), 'postgresql', {
      database: 'lego',
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WaitingStatusError);
    expect((error as Error).message).toBe('waiting for database credentials on postgresql');
    expect(juju.state().relations[0]?.localAppData.database).toBe('lego');
  });

  it('requirePostgresqlDatabase: a non-leader does not write, and gets the connection', async () => {
    juju = await fake({ leader: false });

    const connection = await requirePostgresqlDatabase(juju.runner(), 'postgresql', {
      database: 'lego',
    });

    expect(connection.username).toBe('relation_id_3');
    expect(juju.state().relations[0]?.localAppData).toEqual({});
  });
});
