import { AppError } from '../common/app-error';
import { resultFromStore, storedResult } from './handed-off-results';

/** What crosses the database is JSON: each case goes through a round trip of it. */
const acrossTheDatabase = (result: Parameters<typeof storedResult>[0]) =>
  resultFromStore(JSON.parse(JSON.stringify(storedResult(result))));

describe('handed-off batch results', () => {
  it('carries outcomes as they are, in order', () => {
    const outcomes = [
      { status: 'applied', zone: 'example.com', commit: 'a'.repeat(40) },
      { status: 'unchanged', zone: 'example.com' },
      { status: 'zone_not_found', candidates: ['example.com'] },
      { status: 'zone_invalid', zone: 'example.org', reason: 'line 3: bad TTL' },
    ] as const;
    expect(acrossTheDatabase({ outcomes })).toEqual({ outcomes });
  });

  it('carries a failure the clients read as the same error: code, message and retry delay', () => {
    const failure = new AppError(
      'repository_unavailable',
      'the zone repository did not answer in time; retry later',
      {
        retryAfterSeconds: 5,
        cause: new Error('git timed out'),
      },
    );
    const { failure: received } = acrossTheDatabase({ failure }) as { failure: AppError };
    expect(received).toBeInstanceOf(AppError);
    expect(received.code).toBe('repository_unavailable');
    expect(received.message).toBe(failure.message);
    expect(received.details).toEqual({ retryAfterSeconds: 5 });
  });

  it('carries any other failure as a plain error naming it, not as an error the clients read', () => {
    const { failure: received } = acrossTheDatabase({
      failure: new TypeError('x is undefined'),
    }) as {
      failure: Error;
    };
    expect(received).not.toBeInstanceOf(AppError);
    expect(received.message).toBe('the instance in turn could not write the batch: x is undefined');
  });
});
