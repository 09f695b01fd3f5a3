import { AppError } from '../common/app-error';
import { CloneDamagedError, PushRefusedError } from './clone-errors';
import { GitCommandError } from './git-process';

/** The answer to a change the repository could not take now: 503 with Retry-After. */
export function unavailable(message: string, retryAfterSeconds: number, cause?: unknown): AppError {
  return new AppError('repository_unavailable', message, { retryAfterSeconds, cause });
}

/**
 * A push that gave no verdict (it timed out, or the connection broke), after which the remote
 * did not show the batch's commit, or could not be asked. It may land yet.
 */
export class UnconfirmedPushError extends Error {
  override readonly name = 'UnconfirmedPushError';

  constructor(override readonly cause: GitCommandError) {
    super(`the push gave no verdict and the remote does not show it: ${cause.message}`, { cause });
  }
}

/** What the requests of a failed batch are told: never that nothing was written unless it is known. */
export function toFailure(error: unknown, retryAfterSeconds: number): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof PushRefusedError) {
    return unavailable(
      `the zone repository refused the change (${error.message}); retry later`,
      retryAfterSeconds,
      error,
    );
  }
  if (error instanceof UnconfirmedPushError && error.cause.timedOut) {
    return unavailable(
      'the zone repository did not confirm the change in time: it may have been written or not; retrying is safe (present is idempotent, cleanup of an absent value is a no-op)',
      retryAfterSeconds,
      error,
    );
  }
  if (error instanceof CloneDamagedError) {
    return unavailable(
      "the service's copy of the zone repository cannot be read; it is cloned again: retry shortly",
      retryAfterSeconds,
      error,
    );
  }
  const git = error instanceof UnconfirmedPushError ? error.cause : error;
  if (git instanceof GitCommandError) {
    const what = git.timedOut ? 'did not answer in time' : 'could not be reached';
    return unavailable(`the zone repository ${what}; retry later`, retryAfterSeconds, error);
  }
  return error;
}
