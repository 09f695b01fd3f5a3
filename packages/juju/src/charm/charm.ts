import { type JujuContext } from '../context/juju-context';
import { type CommandRunner } from '../hook-tools/command-runner';
import { type Pebble } from '../pebble/pebble';
import { type CharmLogger } from './charm-logger';

/** What a handler gets: the dispatch context and the ways to talk to Juju and Pebble. */
export interface Charm {
  /** The dispatch environment, parsed. */
  readonly context: JujuContext;
  /** Runs hook tools; pass it to the hook-tool functions (`configGet(charm.runner)`). */
  readonly runner: CommandRunner;
  /** Logs to the Juju log. */
  readonly log: CharmLogger;
  /** The Pebble of a workload container. */
  pebble(container: string): Pebble;
}
