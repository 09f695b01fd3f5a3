import { type ActionHandler } from '@hlp/juju';

/** One action: the parameters charmcraft.yaml declares for it, and what runs it. */
export interface ActionSpec {
  readonly params: readonly string[];
  readonly required: readonly string[];
  readonly run: ActionHandler;
}
