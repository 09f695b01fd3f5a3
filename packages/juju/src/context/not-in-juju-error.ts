/** The process was not started by Juju: the dispatch environment is missing or inconsistent. */
export class NotInJujuError extends Error {
  override readonly name = 'NotInJujuError';

  constructor(reason: string) {
    super(`cannot read the Juju context: ${reason}; a charm runs only when Juju dispatches it`);
  }
}
