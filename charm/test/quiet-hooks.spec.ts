import { events } from '@hlp/juju/testing';

import { readinessWaitMs } from '../src/reconcile';
import { listeningProcess } from './helpers/listening-process';
import { type TestModel, TestModel as Model, type TestUnit } from './helpers/test-model';

describe('hooks that must not wait for the service: update-status, stop, remove', () => {
  let model: TestModel;
  let unit: TestUnit;

  beforeAll(async () => {
    model = await Model.create();
    unit = await model.addUnit();
    const result = await unit.dispatch(events.configChanged());
    expect(result.state.unitStatus).toEqual({ status: 'active', message: '' });
  });

  afterAll(() => model.destroy());

  it('update-status probes the service once, where the other hooks give a restart 30 s', () => {
    expect(readinessWaitMs({ kind: 'update-status' })).toBe(0);
    for (const kind of ['config-changed', 'leader-elected', 'upgrade-charm'] as const) {
      expect(readinessWaitMs({ kind })).toBe(30_000);
    }
  });

  it('update-status with a service that does not answer: Waiting, saying why', async () => {
    const workload = listeningProcess(unit.port);
    process.kill(workload, 'SIGSTOP');
    try {
      const result = await unit.dispatch(events.updateStatus());

      expect(result.exitCode).toBe(0);
      expect(result.state.unitStatus).toEqual({
        status: 'waiting',
        message: expect.stringMatching(/^waiting for the service to be ready: .*timeout/i),
      });
    } finally {
      process.kill(workload, 'SIGCONT');
    }
    const recovered = await unit.dispatch(events.updateStatus());
    expect(recovered.state.unitStatus).toEqual({ status: 'active', message: '' });
  });

  it.each([
    ['stop', events.stop(), 'the unit is stopping'],
    ['remove', events.remove(), 'the unit is being removed'],
  ])(
    '%s: Maintenance at once, the workload and the relations left alone',
    async (_, event, message) => {
      const { toolCalls } = unit.harness.state;
      const starts = unit.starts();

      const result = await unit.dispatch(event);

      expect(result.exitCode).toBe(0);
      expect(result.state.unitStatus).toEqual({ status: 'maintenance', message });
      const tools = result.state.toolCalls.slice(toolCalls.length).map(([tool]) => tool);
      expect(
        tools.filter((tool) => !['juju-log', 'status-set', 'is-leader'].includes(tool)),
      ).toEqual([]);
      expect(unit.starts()).toBe(starts);
    },
  );
});
