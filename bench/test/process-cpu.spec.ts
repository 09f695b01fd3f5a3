import { spawnSync } from 'node:child_process';
import { cpuSince, serviceCpu } from '../src/process-cpu';

describe('serviceCpu', () => {
  it('counts the process itself apart from the children it has reaped', async () => {
    const before = await serviceCpu(process.pid);
    // A child that burns 300 ms of CPU (however loaded the machine), waited for: its time
    // lands in our cutime/cstime.
    spawnSync(process.execPath, [
      '-e',
      'const start = process.cpuUsage(); while (process.cpuUsage(start).user < 300000);',
    ]);
    const after = await serviceCpu(process.pid);
    const spent = cpuSince(before, after);
    expect(spent.git).toBeGreaterThan(0.1);
    expect(after.own).toBeGreaterThan(0);
  });

  it('refuses a process that does not exist', async () => {
    await expect(serviceCpu(2 ** 22 + 1)).rejects.toThrow('is gone');
  });
});
