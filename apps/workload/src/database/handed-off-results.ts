import { AppError, type ErrorCode } from '../common/app-error';
import type { BatchResult } from '../records/push-turns';

/** A batch's result as it crosses to the instance that handed the batch off (a jsonb column). */
export type StoredResult =
  | { readonly outcomes: Extract<BatchResult, { outcomes: unknown }>['outcomes'] }
  | {
      readonly failure: {
        readonly code: ErrorCode | 'unexpected';
        readonly message: string;
        readonly retryAfterSeconds?: number;
      };
    };

/**
 * What is stored of a result: outcomes as they are; a failure the clients may read (an
 * {@link AppError}) with its code, message and retry delay; any other only by its message, as
 * its instance logged it whole.
 */
export function storedResult(result: BatchResult): StoredResult {
  if ('outcomes' in result) return { outcomes: result.outcomes };
  const { failure } = result;
  if (failure instanceof AppError) {
    const { retryAfterSeconds } = failure.details;
    return {
      failure: {
        code: failure.code,
        message: failure.message,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      },
    };
  }
  return {
    failure: {
      code: 'unexpected',
      message: failure instanceof Error ? failure.message : String(failure),
    },
  };
}

/** The result again, on the side that handed the batch off: the failure its requests get. */
export function resultFromStore(stored: StoredResult): BatchResult {
  if ('outcomes' in stored) return stored;
  const { code, message, retryAfterSeconds } = stored.failure;
  if (code === 'unexpected')
    return { failure: new Error(`the instance in turn could not write the batch: ${message}`) };
  return {
    failure: new AppError(
      code,
      message,
      retryAfterSeconds === undefined ? {} : { retryAfterSeconds },
    ),
  };
}
