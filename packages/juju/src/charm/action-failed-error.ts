import { type ActionResults } from '../hook-tools/flatten-action-results';

/**
 * Thrown by an action handler to fail the action with a message for the person who ran it
 * (`action-fail`). Not a charm failure: the dispatch still exits 0.
 */
export class ActionFailedError extends Error {
  override readonly name = 'ActionFailedError';

  /**
   * @param message shown by `juju run` as the failure reason
   * @param results results to record anyway (for example, what was done before the failure)
   */
  constructor(
    message: string,
    readonly results: ActionResults = {},
  ) {
    super(message);
  }
}
