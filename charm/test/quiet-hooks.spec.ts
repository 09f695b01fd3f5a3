import { type State, events } from '@hlp/juju/testing';

import { readinessWaitMs } from '../src/reconcile';
import { ctx, unitState, workload } from './helpers/charm-state';
import { READY, WorkloadStandIn } from './helpers/workload-stand-in';

describe('hooks that must not wait for the service: update-status, stop, remove', () => {
  let standIn: WorkloadStandIn;
  let active: State;

  beforeAll(async () => {
    standIn = await WorkloadStandIn.start();
    active = await ctx.run(events.configChanged(), unitState(standIn.port));
    expect(active.unitStatus).toEqual({ status: 'active', message: '' });
  });

  afterEach(() => {
    standIn.answer = READY;
  });

  afterAll(() => standIn.close());

  it('update-status probes the service once, where the other hooks give a restart 30 s', () => {
    expect(readinessWaitMs({ kind: 'update-status' })).toBe(0);
    for (const kind of ['config-changed', 'leader-elected', 'upgrade-charm'] as const) {
      expect(readinessWaitMs({ kind })).toBe(30_000);
    }
  });

  it('update-status with a service that is not ready: Waiting, with the failing checks', async () => {
    standIn.answer = {
      status: 503,
      body: '{"checks":{"database":"ok","repository":"unreachable"}}',
    };

    const waiting = await ctx.run(events.updateStatus(), active);
    standIn.answer = READY;
    const recovered = await ctx.run(events.updateStatus(), waiting);

    expect(waiting.unitStatus).toEqual({
      status: 'waiting',
      message: 'waiting for the service to be ready: repository: unreachable',
    });
    expect(recovered.unitStatus).toEqual({ status: 'active', message: '' });
  });

  it('update-status with a service that does not answer at all: Waiting, saying why', async () => {
    standIn.answer = { status: 502, body: 'Bad Gateway' };
    const unanswered = await ctx.run(events.updateStatus(), active);
    standIn.answer = 'hang-up';
    const hungUp = await ctx.run(events.updateStatus(), active);
    standIn.answer = 'silent';
    const silent = await ctx.run(events.updateStatus(), active);

    expect(unanswered.unitStatus).toEqual({
      status: 'waiting',
      message: 'waiting for the service to be ready: HTTP 502',
    });
    expect(hungUp.unitStatus).toEqual({
      status: 'waiting',
      message: 'waiting for the service to be ready: UND_ERR_SOCKET',
    });
    // The probe gives up after its own timeout (3 s), whatever the load.
    expect(silent.unitStatus).toEqual({
      status: 'waiting',
      message: expect.stringMatching(/^waiting for the service to be ready: .*timeout/i),
    });
  });

  it.each([
    ['stop', events.stop(), 'the unit is stopping'],
    ['remove', events.remove(), 'the unit is being removed'],
  ])(
    '%s: Maintenance at once, the workload and the relations left alone',
    async (_, event, message) => {
      const after = await ctx.run(event, active);

      expect(after.unitStatus).toEqual({ status: 'maintenance', message });
      const tools = after.toolCalls.slice(active.toolCalls.length).map(([tool]) => tool);
      expect(
        tools.filter((tool) => !['juju-log', 'status-set', 'is-leader'].includes(tool)),
      ).toEqual([]);
      expect(workload(after)).toEqual(workload(active));
    },
  );
});
