import { closePort, openPort, openedPorts, stateDelete, stateGet, stateSet } from '../../src';
import { type FakeJujuTools, fakeJujuTools } from '../helpers/fake-juju-tools';

describe('port and unit-state hook tools', () => {
  let tools: FakeJujuTools;

  beforeEach(async () => {
    tools = await fakeJujuTools();
  });

  afterEach(() => tools.juju.remove());

  it('open-port, opened-ports and close-port', async () => {
    await openPort(tools.runner, { protocol: 'tcp', port: 8000 });
    await openPort(
      tools.runner,
      { protocol: 'udp', port: 9000, toPort: 9010 },
      { endpoints: ['metrics', 'web'] },
    );
    await openPort(tools.runner, { protocol: 'icmp' });
    await closePort(tools.runner, { protocol: 'tcp', port: 8000 });

    expect(await openedPorts(tools.runner)).toEqual([
      { protocol: 'udp', port: 9000, toPort: 9010 },
      { protocol: 'icmp' },
    ]);
    expect(tools.juju.state().toolCalls).toEqual([
      ['open-port', '8000/tcp'],
      ['open-port', '--endpoints', 'metrics,web', '9000-9010/udp'],
      ['open-port', 'icmp'],
      ['close-port', '8000/tcp'],
      ['opened-ports', '--format=json'],
    ]);
  });

  it('state-set sends JSON on stdin; state-get reads all or one key; state-delete removes', async () => {
    await stateSet(tools.runner, { 'migrated-at': '2026-01-01', token: 'not on argv' });
    await stateDelete(tools.runner, 'migrated-at');

    expect(await stateGet(tools.runner)).toEqual({ token: 'not on argv' });
    expect(await stateGet(tools.runner, 'token')).toBe('not on argv');
    expect(await stateGet(tools.runner, 'migrated-at')).toBeUndefined();
    expect(tools.juju.state().toolCalls).toEqual([
      ['state-set', '--file', '-'],
      ['state-delete', 'migrated-at'],
      ['state-get', '--format=json'],
      ['state-get', '--format=json', 'token'],
      ['state-get', '--format=json', 'migrated-at'],
    ]);
  });
});
