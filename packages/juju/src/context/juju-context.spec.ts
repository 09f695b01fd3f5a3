import { readJujuContext } from './juju-context';
import { NotInJujuError } from './not-in-juju-error';

const base = {
  JUJU_UNIT_NAME: 'lego/1',
  JUJU_MODEL_NAME: 'prod',
  JUJU_MODEL_UUID: 'uuid-1',
  JUJU_CHARM_DIR: '/var/lib/juju/agents/unit-lego-1/charm',
  JUJU_VERSION: '3.6.4',
};

function eventOf(dispatchPath: string, extra: Record<string, string> = {}): unknown {
  return readJujuContext({ ...base, JUJU_DISPATCH_PATH: dispatchPath, ...extra }).event;
}

describe('readJujuContext', () => {
  it('reads the unit, application, model and charm dir', () => {
    const context = readJujuContext({ ...base, JUJU_DISPATCH_PATH: 'hooks/install' });

    expect(context).toEqual({
      dispatchPath: 'hooks/install',
      event: { kind: 'install' },
      unitName: 'lego/1',
      appName: 'lego',
      modelName: 'prod',
      modelUuid: 'uuid-1',
      charmDir: '/var/lib/juju/agents/unit-lego-1/charm',
      jujuVersion: '3.6.4',
    });
  });

  it('refuses to run outside Juju, naming every missing variable', () => {
    expect(() => readJujuContext({ PATH: '/usr/bin' })).toThrow(NotInJujuError);
    expect(() => readJujuContext({ PATH: '/usr/bin' })).toThrow(
      'cannot read the Juju context: JUJU_DISPATCH_PATH, JUJU_UNIT_NAME, JUJU_MODEL_NAME, JUJU_CHARM_DIR are not set; a charm runs only when Juju dispatches it',
    );
  });

  it('accepts the legacy CHARM_DIR', () => {
    const { JUJU_CHARM_DIR: _, ...rest } = base;
    expect(
      readJujuContext({ ...rest, CHARM_DIR: '/charm', JUJU_DISPATCH_PATH: 'hooks/start' }).charmDir,
    ).toBe('/charm');
  });

  it.each([
    'config-changed',
    'upgrade-charm',
    'update-status',
    'leader-elected',
    'leader-settings-changed',
    'start',
    'stop',
    'remove',
  ])('reads the lifecycle hook %s', (hook) => {
    expect(eventOf(`hooks/${hook}`)).toEqual({ kind: hook });
  });

  it('reads pebble-ready with its workload', () => {
    expect(eventOf('hooks/django-app-pebble-ready', { JUJU_WORKLOAD_NAME: 'django-app' })).toEqual({
      kind: 'pebble-ready',
      workload: 'django-app',
    });
  });

  it('reads pebble check and notice hooks', () => {
    expect(
      eventOf('hooks/app-pebble-check-failed', {
        JUJU_WORKLOAD_NAME: 'app',
        JUJU_PEBBLE_CHECK_NAME: 'up',
      }),
    ).toEqual({ kind: 'pebble-check-failed', workload: 'app', checkName: 'up' });
    expect(
      eventOf('hooks/app-pebble-custom-notice', {
        JUJU_NOTICE_ID: '7',
        JUJU_NOTICE_TYPE: 'custom',
        JUJU_NOTICE_KEY: 'example.com/x',
      }),
    ).toEqual({
      kind: 'pebble-custom-notice',
      workload: 'app',
      notice: { id: '7', type: 'custom', key: 'example.com/x' },
    });
  });

  it('reads relation hooks with the relation, remote app and units', () => {
    const relation = {
      JUJU_RELATION: 'postgresql',
      JUJU_RELATION_ID: 'postgresql:4',
      JUJU_REMOTE_APP: 'pg',
    };

    expect(
      eventOf('hooks/postgresql-relation-changed', { ...relation, JUJU_REMOTE_UNIT: 'pg/0' }),
    ).toEqual({
      kind: 'relation-changed',
      relation: { endpoint: 'postgresql', id: 4 },
      remoteApp: 'pg',
      remoteUnit: 'pg/0',
    });
    expect(
      eventOf('hooks/postgresql-relation-departed', {
        ...relation,
        JUJU_REMOTE_UNIT: 'pg/1',
        JUJU_DEPARTING_UNIT: 'pg/1',
      }),
    ).toMatchObject({ kind: 'relation-departed', departingUnit: 'pg/1' });
    expect(eventOf('hooks/postgresql-relation-broken', relation)).toEqual({
      kind: 'relation-broken',
      relation: { endpoint: 'postgresql', id: 4 },
      remoteApp: 'pg',
    });
  });

  it('refuses a relation hook without JUJU_RELATION_ID', () => {
    expect(() => eventOf('hooks/db-relation-joined')).toThrow(
      'JUJU_RELATION_ID is not set for hook db-relation-joined',
    );
  });

  it('reads secret hooks with id, label and revision', () => {
    expect(
      eventOf('hooks/secret-changed', { JUJU_SECRET_ID: 'secret:abc', JUJU_SECRET_LABEL: 'db' }),
    ).toEqual({
      kind: 'secret-changed',
      secret: { id: 'secret:abc', label: 'db' },
    });
    expect(
      eventOf('hooks/secret-remove', { JUJU_SECRET_ID: 'secret:abc', JUJU_SECRET_REVISION: '3' }),
    ).toEqual({
      kind: 'secret-remove',
      secret: { id: 'secret:abc', revision: 3 },
    });
  });

  it('reads storage hooks', () => {
    expect(eventOf('hooks/data-storage-attached', { JUJU_STORAGE_ID: 'data/0' })).toEqual({
      kind: 'storage-attached',
      storage: { name: 'data', id: 'data/0' },
    });
  });

  it('reads actions with name and uuid', () => {
    expect(
      eventOf('actions/create-user', { JUJU_ACTION_NAME: 'create-user', JUJU_ACTION_UUID: '42' }),
    ).toEqual({
      kind: 'action',
      name: 'create-user',
      uuid: '42',
    });
  });

  it('passes unknown hooks through', () => {
    expect(eventOf('hooks/something-new')).toEqual({ kind: 'unknown', hook: 'something-new' });
  });
});
