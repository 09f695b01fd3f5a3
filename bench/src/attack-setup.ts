import { freePort } from '../../apps/workload/test/support/ports';
import { zoneName } from './repository';
import { LogWatch } from './service-log';
import { type BenchService, startService } from './service';

/** The user whose password is guessed; the legitimate client is the service's user `bench`. */
export const ATTACKED_USER = 'victim';
export const ZONES = Array.from({ length: 5 }, (_, i) => zoneName(i));

export interface AttackTarget {
  readonly service: BenchService;
  readonly logs: LogWatch;
  /** Gives the attacked user a new password (through the CLI, as an operator would). */
  setAttackedPassword(password: string): Promise<void>;
}

/**
 * The built workload on SQLite with a fresh data directory, serving `remote`, logging every
 * request at info (as in production), with its metrics endpoint on, and the attacked user
 * allowed to manage the first zone.
 */
export async function startTarget(
  dataDir: string,
  remote: string,
  attackedPassword: string,
  env: NodeJS.ProcessEnv = {},
): Promise<AttackTarget> {
  const logs = new LogWatch();
  const metricsPort = await freePort();
  const service = await startService(
    dataDir,
    remote,
    ZONES,
    { HLP_LOG_LEVEL: 'info', HLP_METRICS_PORT: String(metricsPort), ...env },
    { onStdoutLine: logs.onLine },
  );
  const setAttackedPassword = (password: string) =>
    service.cli(['create-user', ATTACKED_USER, '--password-stdin'], `${password}\n`);
  try {
    await setAttackedPassword(attackedPassword);
    await service.cli(['allow-domains', ATTACKED_USER, '--subdomains', ZONES[0]]);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return {
    service,
    logs,
    setAttackedPassword,
  };
}
