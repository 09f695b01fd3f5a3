import { readFile, readdir } from 'node:fs/promises';

/** Linux reports process CPU times in USER_HZ ticks, 100 per second on every architecture it exposes. */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  readonly ppid: number;
  /** utime + stime: the process itself. */
  readonly own: number;
  /** cutime + cstime: its children that have exited and been waited for. */
  readonly reaped: number;
}

async function procStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  // The fields after the parenthesised command name, from field 3 (state) on.
  const fields = text
    .slice(text.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return {
    ppid: fields[1],
    own: (fields[11] + fields[12]) / TICKS_PER_SECOND,
    reaped: (fields[13] + fields[14]) / TICKS_PER_SECOND,
  };
}

async function childrenOf(pid: number): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = await Promise.all(pids.map(async (p) => [p, await procStat(p)] as const));
  return stats.filter(([, stat]) => stat?.ppid === pid).map(([p]) => p);
}

/** CPU seconds a service has used: its own process, and the git work it started, apart. */
export interface ServiceCpu {
  readonly own: number;
  readonly git: number;
}

/**
 * The service spawns git from a launcher process (a child of its own): the launcher and every
 * process it has reaped count as git work, as does anything the service reaped itself.
 */
export async function serviceCpu(pid: number): Promise<ServiceCpu> {
  const service = await procStat(pid);
  if (!service) throw new Error(`process ${pid} is gone`);
  let git = service.reaped;
  for (const child of await childrenOf(pid)) {
    const stat = await procStat(child);
    if (stat) git += stat.own + stat.reaped;
  }
  return { own: service.own, git };
}

export const cpuSince = (before: ServiceCpu, after: ServiceCpu): ServiceCpu => ({
  own: after.own - before.own,
  git: after.git - before.git,
});

/** The machine's CPU time so far, in ticks: busy and in all (from the first line of /proc/stat). */
export interface MachineCpu {
  readonly busy: number;
  readonly total: number;
}

export async function machineCpu(): Promise<MachineCpu> {
  const [line] = (await readFile('/proc/stat', 'utf8')).split('\n');
  // user nice system idle iowait irq softirq steal (guest time is counted in user already)
  const ticks = line.split(/\s+/).slice(1, 9).map(Number);
  const idle = ticks[3] + ticks[4];
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** The share of the machine's CPU that was busy between two readings, 0 to 1. */
export const busySince = (before: MachineCpu, after: MachineCpu): number =>
  (after.busy - before.busy) / Math.max(after.total - before.total, 1);

/**
 * Waits until the machine is quiet: under `busyShare` of its CPU busy over `windowMs`, twice in a
 * row, or `timeoutMs` gone. What a load leaves behind (the service's upkeep, the kernel writing
 * out what it wrote) slows a bare push measured right after it: five pushes just after a row's
 * warm-up took 25 to 33 ms (median), five just after its presents 15 to 23, in the same runs.
 */
export async function untilQuiet(busyShare = 0.15, windowMs = 250, timeoutMs = 10_000) {
  const end = performance.now() + timeoutMs;
  for (let calm = 0; calm < 2 && performance.now() < end;) {
    const before = await machineCpu();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    calm = busySince(before, await machineCpu()) < busyShare ? calm + 1 : 0;
  }
}
