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
