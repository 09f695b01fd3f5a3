import { GitCommandError } from './git-process';

/** The remote said no for a reason other than a newer tip (a hook, permissions). */
export class PushRefusedError extends Error {
  override readonly name = 'PushRefusedError';
}

/**
 * Git cannot read the working clone (or the service cannot write it): files left empty or
 * half-written by a power cut (git runs with `core.fsync=none`), a lock left by a killed process. The remote is the record of truth: the
 * cure is to clone it again.
 */
export class CloneDamagedError extends Error {
  override readonly name = 'CloneDamagedError';

  constructor(override readonly cause: Error) {
    super(`the working clone is damaged: ${cause.message}`, { cause });
  }
}

/** Git ran and said no (not a timeout, not a git that could not be started). */
export function isGitFailure(error: unknown): error is GitCommandError {
  return error instanceof GitCommandError && !error.timedOut && error.exitCode !== null;
}
