import { spawn } from 'node:child_process';
import { connect } from 'node:net';

import { parseDuration } from '../../pebble/duration';
import { type CheckSpec } from '../../pebble/layer';
import { type Sandbox } from './sandbox';
import { splitCommand } from './shell-words';

// Pebble's defaults.
const DEFAULT_PERIOD_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 3000;
const DEFAULT_THRESHOLD = 3;

interface RunningCheck {
  readonly config: string;
  readonly timer: NodeJS.Timeout;
  status: 'up' | 'down';
  successes: number;
  failures: number;
}

/** Runs one check once; resolves true when it passes. */
function perform(
  check: CheckSpec,
  timeoutMs: number,
  sandbox: Sandbox,
  baseEnvironment: Readonly<Record<string, string>>,
): Promise<boolean> {
  if (check.http) {
    return fetch(check.http.url ?? '', {
      headers: check.http.headers ?? {},
      signal: AbortSignal.timeout(timeoutMs),
    })
      .then((response) => response.ok)
      .catch(() => false);
  }
  if (check.tcp) {
    const { host = 'localhost', port } = check.tcp;
    return new Promise((resolve) => {
      const socket = connect({ host, port: port ?? 0, timeout: timeoutMs });
      const finish = (ok: boolean): void => {
        socket.destroy();
        resolve(ok);
      };
      socket.once('connect', () => finish(true));
      socket.once('error', () => finish(false));
      socket.once('timeout', () => finish(false));
    });
  }
  const [command, ...args] = splitCommand(check.exec?.command ?? '');
  return new Promise((resolve) => {
    if (command === undefined) return resolve(false);
    const child = spawn(command, args, {
      cwd: sandbox.hostPath(check.exec?.['working-dir'] ?? '/'),
      env: { ...baseEnvironment, ...check.exec?.environment },
      stdio: 'ignore',
      timeout: timeoutMs,
    });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

/**
 * Runs the plan's checks every `period`, counting successes and failures; a check is `down`
 * after `threshold` failures in a row, like Pebble's. `http` checks really fetch their URL.
 */
export class CheckManager {
  private readonly running = new Map<string, RunningCheck>();

  constructor(
    private readonly plan: () => Readonly<Record<string, CheckSpec>>,
    private readonly sandbox: Sandbox,
    private readonly baseEnvironment: Readonly<Record<string, string>>,
  ) {}

  /** Follows the plan: starts new enabled checks and restarts those whose config changed. */
  update(): void {
    for (const [name, check] of Object.entries(this.plan())) {
      const running = this.running.get(name);
      if (running !== undefined && running.config !== JSON.stringify(check)) {
        this.stop([name]);
        this.start([name]);
      } else if (running === undefined && check.startup !== 'disabled') {
        this.start([name]);
      }
    }
  }

  /** `GET /v1/checks` entries. */
  list(level: string | undefined, names: readonly string[]): Record<string, unknown>[] {
    return Object.entries(this.plan())
      .filter(
        ([name, check]) =>
          (!level || check.level === level) && (names.length === 0 || names.includes(name)),
      )
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, check]) => {
        const running = this.running.get(name);
        return {
          name,
          ...(check.level ? { level: check.level } : {}),
          startup: check.startup === 'disabled' ? 'disabled' : 'enabled',
          status: running?.status ?? 'inactive',
          successes: running?.successes ?? 0,
          ...(running?.failures ? { failures: running.failures } : {}),
          threshold: check.threshold ?? DEFAULT_THRESHOLD,
        };
      });
  }

  /** Whether any check at `level` (ready includes alive) among `names` is down: `GET /v1/health`. */
  healthy(level: string | undefined, names: readonly string[]): boolean {
    return Object.entries(this.plan()).every(([name, check]) => {
      const levelMatch =
        !level || check.level === level || (level === 'ready' && check.level === 'alive');
      const nameMatch = names.length === 0 || names.includes(name);
      return !(levelMatch && nameMatch && this.running.get(name)?.status === 'down');
    });
  }

  /** Starts checks; returns those that were not running. */
  start(names: readonly string[]): string[] {
    const plan = this.plan();
    return names.filter((name) => {
      const check = plan[name];
      if (check === undefined || this.running.has(name)) return false;
      const period = parseDuration(check.period ?? '0') || DEFAULT_PERIOD_MS;
      const timeout = Math.min(parseDuration(check.timeout ?? '0') || DEFAULT_TIMEOUT_MS, period);
      // Pebble starts a check as up and runs it first after one period.
      const state: RunningCheck = {
        config: JSON.stringify(check),
        timer: setInterval(() => {
          void perform(check, timeout, this.sandbox, this.baseEnvironment).then((ok) => {
            if (this.running.get(name) !== state) return;
            if (ok) {
              state.successes++;
              state.failures = 0;
              state.status = 'up';
            } else if (++state.failures >= (check.threshold ?? DEFAULT_THRESHOLD)) {
              state.status = 'down';
            }
          });
        }, period),
        status: 'up',
        successes: 0,
        failures: 0,
      };
      state.timer.unref();
      this.running.set(name, state);
      return true;
    });
  }

  /** Stops checks; returns those that were running. */
  stop(names: readonly string[]): string[] {
    return names.filter((name) => {
      const running = this.running.get(name);
      if (running === undefined) return false;
      clearInterval(running.timer);
      this.running.delete(name);
      return true;
    });
  }

  /** Stops every check (server shutdown). */
  stopAll(): void {
    this.stop([...this.running.keys()]);
  }
}
