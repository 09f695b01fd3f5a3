import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

/** A dependency the service needs to do its work; throws when it is not usable. */
export type ReadinessCheck = () => Promise<void>;

/**
 * A failed check, with a reason anyone may read: `/health/ready` is unauthenticated. Any other
 * error shows there as "unavailable"; the cause, with what the dependency said (a repository's
 * path or host, git's or a driver's own text), goes to the log only.
 */
export class ReadinessFailure extends Error {
  override readonly name = 'ReadinessFailure';

  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super(reason, cause === undefined ? undefined : { cause });
  }
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Record<string, 'ok' | string>;
}

const CHECK_TIMEOUT_MS = 3000;

function withTimeout(check: ReadinessCheck): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ReadinessFailure(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

/** Modules register what readiness depends on; `/health/ready` runs every check. */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  /** What each failing check last logged: a probe every few seconds logs a change once. */
  private readonly failing = new Map<string, string>();

  constructor(private readonly logger: PinoLogger) {
    logger.setContext(ReadinessRegistry.name);
  }

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async evaluate(): Promise<Readiness> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await this.run(name, check)] as const),
    );
    return {
      ready: entries.every(([, result]) => result === 'ok'),
      checks: Object.fromEntries(entries),
    };
  }

  private async run(name: string, check: ReadinessCheck): Promise<string> {
    try {
      await withTimeout(check);
      if (this.failing.delete(name)) this.logger.info({ check: name }, 'readiness check passes');
      return 'ok';
    } catch (error) {
      const detail = error instanceof ReadinessFailure && error.cause ? error.cause : error;
      const text = detail instanceof Error ? detail.message : String(detail);
      if (this.failing.get(name) !== text) {
        this.failing.set(name, text);
        this.logger.warn({ check: name, err: detail }, 'readiness check fails');
      }
      return error instanceof ReadinessFailure ? error.reason : 'unavailable';
    }
  }
}
