import { type Change, type FileInfo, type Layer, type Pebble } from '../../src';
import { MemoryPebble, containerState } from '../../src/testing';
import { type FakePebble, startFakePebble } from '../helpers/fake-pebble';

const base: Layer = {
  summary: 'base',
  services: {
    web: { override: 'replace', command: 'sleep 60', startup: 'enabled', environment: { A: '1' } },
    idle: { override: 'replace', command: 'sleep 60', startup: 'disabled' },
  },
  checks: { up: { override: 'replace', level: 'alive', exec: { command: 'true' } } },
};
const overlay: Layer = {
  services: { web: { override: 'merge', environment: { B: '2' }, after: ['idle'] } },
};

/** What a call answered, shaped for comparing, or the error it threw. */
async function answered(call: () => Promise<unknown>, shape = (value: unknown) => value) {
  try {
    return shape(await call());
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** A change by its summary and its tasks' summaries and statuses (ids and times differ). */
function changeShape(value: unknown): unknown {
  const change = value as Change;
  return {
    summary: change.summary,
    tasks: change.tasks.map((task) => [task.summary, task.status]),
  };
}

/** The same calls, in order; what each answered (or the error it threw). */
async function script(pebble: Pebble): Promise<unknown[]> {
  const answer = (call: () => Promise<unknown>) => answered(call, changeShape);
  const services = async () =>
    (await pebble.getServices()).map(({ name, startup, current }) => ({ name, startup, current }));
  return [
    await answered(() => pebble.addLayer('base', base)),
    await answered(() => pebble.addLayer('base', base)),
    await answer(() => pebble.replan()),
    await answered(services),
    await answer(() => pebble.replan()),
    await answered(() => pebble.addLayer('base', overlay, { combine: true })),
    await answered(() => pebble.getPlan()),
    await answer(() => pebble.replan()),
    await answer(() => pebble.startServices(['nope'])),
    await answer(() => pebble.stopServices(['web', 'idle'])),
    await answered(services),
    await answered(() => pebble.addLayer('pebble-x', base)),
  ];
}

/** File calls, in order; what each answered (listings without times and owners, the host's here). */
async function filesScript(pebble: Pebble): Promise<unknown[]> {
  const answer = (call: () => Promise<unknown>) =>
    answered(call, (value) => {
      if (Buffer.isBuffer(value)) return value.toString('utf8');
      return Array.isArray(value)
        ? (value as FileInfo[]).map(
            ({ lastModified: _, user: _u, userId: _ui, group: _g, groupId: _gi, ...info }) => info,
          )
        : value;
    });
  return [
    await answer(() => pebble.push('/etc/app/key', 'k')),
    await answer(() => pebble.makeDir('/etc/app', { makeParents: true, permissions: 0o700 })),
    await answer(() => pebble.makeDir('/etc/app')),
    await answer(() => pebble.makeDir('/var/x/y')),
    await answer(() => pebble.push('/etc/app/key', 'k', { permissions: 0o600 })),
    await answer(() => pebble.push('/etc/app/deep/file', 'd', { makeDirs: true })),
    await answer(() => pebble.pull('/etc/app/key')),
    await answer(() => pebble.pull('/etc/app/none')),
    await answer(() => pebble.pull('/etc/app')),
    await answer(() => pebble.listFiles('/etc/app')),
    await answer(() => pebble.listFiles('/etc/app', { pattern: 'k*' })),
    await answer(() => pebble.listFiles('/etc/app/key')),
    await answer(() => pebble.listFiles('/etc/app', { itself: true })),
    await answer(() => pebble.listFiles('/nowhere')),
    await answer(() => pebble.removePath('/etc/app')),
    await answer(() => pebble.removePath('/etc/app/none')),
    await answer(() => pebble.removePath('/etc/app', { recursive: true })),
    await answer(() => pebble.listFiles('/etc')),
  ];
}

// Services here are `sleep 60`: alive well past Pebble's okay delay however loaded the machine.
describe('MemoryPebble answers as the fake Pebble server does (which follows Pebble)', () => {
  let server: FakePebble;

  beforeAll(async () => {
    server = await startFakePebble();
  });

  afterAll(() => server.close());

  it('layers, plan, replan, start and stop: the same answers and the same errors', async () => {
    const memory = new MemoryPebble(containerState(), '/charm/containers/web/pebble.socket');

    expect(await script(memory)).toEqual(await script(server.client));
  });

  it('files: the same answers and the same errors', async () => {
    const memory = new MemoryPebble(containerState(), '/charm/containers/web/pebble.socket');

    expect(await filesScript(memory)).toEqual(await filesScript(server.client));
  });
});
