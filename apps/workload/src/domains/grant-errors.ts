import { AppError } from '../common/app-error';
import type { AccessLevel } from './access-level';

export interface GrantItem {
  readonly domain: string;
  readonly accessLevel: AccessLevel;
}

export interface GrantFailure extends GrantItem {
  readonly reason: string;
}

/** Some items of a grant or revoke request are wrong; none of the request was applied. */
export class GrantRequestError extends AppError {
  constructor(
    readonly verb: 'grant' | 'revoke',
    readonly failures: readonly GrantFailure[],
  ) {
    super(
      'invalid_input',
      `Failed to ${verb === 'grant' ? 'grant' : 'revoke'} access to the following domains (nothing was changed):\n` +
        failures
          .map(
            (failure) =>
              `[Domain: ${failure.domain}, Access: ${failure.accessLevel}] ${failure.reason}`,
          )
          .join('\n'),
      {
        fields: Object.fromEntries(
          failures.map((failure) => [`${failure.accessLevel}:${failure.domain}`, failure.reason]),
        ),
      },
    );
  }
}
