import {
  HookToolError,
  applicationVersionSet,
  configGet,
  isLeader,
  jujuLog,
  networkGet,
  statusGet,
  statusSet,
} from '../../src';
import { type FakeJujuTools, fakeJujuTools } from '../helpers/fake-juju-tools';

describe('config, leadership, status, version, log and network hook tools', () => {
  let tools: FakeJujuTools;

  beforeEach(async () => {
    tools = await fakeJujuTools({
      unit: 'lego/0',
      leader: true,
      config: { 'git-repo': 'git+ssh://git@example.com/zones.git', workers: 4, debug: false },
    });
  });

  afterEach(() => tools.juju.remove());

  it('config-get: all options, one option, and an unset one as undefined', async () => {
    expect(await configGet(tools.runner)).toEqual({
      'git-repo': 'git+ssh://git@example.com/zones.git',
      workers: 4,
      debug: false,
    });
    expect(await configGet(tools.runner, 'workers')).toBe(4);
    expect(await configGet(tools.runner, 'missing')).toBeUndefined();
    expect(tools.juju.state().toolCalls).toEqual([
      ['config-get', '--format=json'],
      ['config-get', '--format=json', 'workers'],
      ['config-get', '--format=json', 'missing'],
    ]);
  });

  it('is-leader asks for JSON and reads the boolean', async () => {
    expect(await isLeader(tools.runner)).toBe(true);
    tools.juju.update((state) => {
      state.leader = false;
    });
    expect(await isLeader(tools.runner)).toBe(false);
    expect(tools.juju.state().toolCalls[0]).toEqual(['is-leader', '--format=json']);
  });

  it('status-set sets the unit status, and the application status with --application=true', async () => {
    await statusSet(tools.runner, 'blocked', '-starts with a dash');
    await statusSet(tools.runner, 'active', 'ok', { application: true });

    const state = tools.juju.state();
    expect(state.unitStatus).toEqual({ status: 'blocked', message: '-starts with a dash' });
    expect(state.appStatus).toEqual({ status: 'active', message: 'ok' });
    expect(state.toolCalls).toEqual([
      ['status-set', '--application=false', 'blocked', '--', '-starts with a dash'],
      ['status-set', '--application=true', 'active', '--', 'ok'],
    ]);
  });

  it('status-set for the application fails on a non-leader with the tool error', async () => {
    tools.juju.update((state) => {
      state.leader = false;
    });

    const error = await statusSet(tools.runner, 'active', '', { application: true }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(HookToolError);
    expect(error).toMatchObject({
      command: ['status-set', '--application=true', 'active', '--', ''],
      exitCode: 1,
      stderr: 'ERROR setting application status: this unit is not the leader\n',
    });
    expect((error as Error).message).toBe(
      'cannot run status-set --application=true active -- : exit code 1: ERROR setting application status: this unit is not the leader',
    );
  });

  it('status-get reads the unit status, and the application status with its units', async () => {
    await statusSet(tools.runner, 'waiting', 'for db');
    await statusSet(tools.runner, 'blocked', 'no db', { application: true });

    expect(await statusGet(tools.runner)).toEqual({
      status: 'waiting',
      message: 'for db',
      data: {},
    });
    expect(await statusGet(tools.runner, { application: true })).toEqual({
      status: 'blocked',
      message: 'no db',
      data: {},
      units: { 'lego/0': { status: 'waiting', message: 'for db', data: {} } },
    });
    expect(tools.juju.state().toolCalls.slice(2)).toEqual([
      ['status-get', '--include-data', '--format=json', '--application=false'],
      ['status-get', '--include-data', '--format=json', '--application=true'],
    ]);
  });

  it('application-version-set and juju-log record what they were given', async () => {
    await applicationVersionSet(tools.runner, '1.2.3');
    await jujuLog(tools.runner, 'hello');
    await jujuLog(tools.runner, '--looks like a flag', 'WARNING');

    const state = tools.juju.state();
    expect(state.applicationVersion).toBe('1.2.3');
    expect(state.logs).toEqual([
      { level: 'INFO', message: 'hello' },
      { level: 'WARNING', message: '--looks like a flag' },
    ]);
    expect(state.toolCalls).toEqual([
      ['application-version-set', '--', '1.2.3'],
      ['juju-log', '--log-level', 'INFO', '--', 'hello'],
      ['juju-log', '--log-level', 'WARNING', '--', '--looks like a flag'],
    ]);
  });

  it('network-get maps the kebab-case answer, with -r when given', async () => {
    tools.juju.update((state) => {
      state.networks.ingress = {
        'bind-addresses': [
          {
            'interface-name': 'eth1',
            'mac-address': 'aa:bb',
            addresses: [{ value: '10.0.0.9', cidr: '10.0.0.0/24' }],
          },
        ],
        'ingress-addresses': ['10.0.0.9'],
        'egress-subnets': ['10.0.0.9/32'],
      };
    });

    expect(await networkGet(tools.runner, 'ingress', { relationId: 3 })).toEqual({
      bindAddresses: [
        {
          interfaceName: 'eth1',
          macAddress: 'aa:bb',
          addresses: [{ value: '10.0.0.9', cidr: '10.0.0.0/24' }],
        },
      ],
      ingressAddresses: ['10.0.0.9'],
      egressSubnets: ['10.0.0.9/32'],
    });
    expect((await networkGet(tools.runner, 'other')).ingressAddresses).toEqual(['10.1.42.7']);
    expect(tools.juju.state().toolCalls[0]).toEqual([
      'network-get',
      '--format=json',
      '-r',
      '3',
      'ingress',
    ]);
  });
});
