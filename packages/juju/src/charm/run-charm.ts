import { type Environment } from '../context/environment';
import { type JujuContext, readJujuContext } from '../context/juju-context';
import { type ActionEvent } from '../context/juju-event';
import { NotInJujuError } from '../context/not-in-juju-error';
import { actionFail, actionGet, actionSet } from '../hook-tools/action';
import { type CommandRunner } from '../hook-tools/command-runner';
import { type ActionResults } from '../hook-tools/flatten-action-results';
import { isLeader } from '../hook-tools/leadership';
import { ProcessCommandRunner } from '../hook-tools/process-command-runner';
import { type SettableStatus, statusSet } from '../hook-tools/status';
import { type JsonObject } from '../json';
import { type Pebble } from '../pebble/pebble';
import { PebbleClient } from '../pebble/pebble-client';
import { ActionFailedError } from './action-failed-error';
import { type Charm } from './charm';
import { createCharmLogger } from './charm-logger';
import { pebbleSocketPath } from './pebble-socket';
import { StatusError } from './status-error';

/**
 * Brings the unit to where config, relations and secrets say it should be. Called for every
 * hook; returns the `active` status message, or throws a {@link StatusError} to show another status.
 */
export type Reconcile = (charm: Charm) => Promise<string | void> | string | void;

/** Runs one action with its parameters; what it returns becomes the action's results. */
export type ActionHandler = (
  charm: Charm,
  params: JsonObject,
) => Promise<ActionResults | void> | ActionResults | void;

/** A charm: one reconcile function and a handler per action. */
export interface CharmDefinition {
  readonly reconcile: Reconcile;
  readonly actions?: Readonly<Record<string, ActionHandler>>;
}

/** Makes the Pebble client of a container. */
export type PebbleFactory = (container: string, env: Environment) => Pebble;

/** The seams through which tests replace Juju, Pebble and the process. */
export interface CharmSeams {
  /** The dispatch environment; default `process.env`. */
  readonly env: Environment;
  /** Runs hook tools; default {@link ProcessCommandRunner}. */
  readonly runner: CommandRunner;
  /** Default: a {@link PebbleClient} on the container's socket. */
  readonly pebble: PebbleFactory;
  /** Where messages go when juju-log cannot be used; default process stderr. */
  readonly stderr: (text: string) => void;
}

/** Connects to `/charm/containers/<container>/pebble.socket` (see `HLP_CHARM_CONTAINERS_DIR`). */
export const defaultPebbleFactory: PebbleFactory = (container, env) =>
  new PebbleClient({ socketPath: pebbleSocketPath(container, env) });

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function createCharm(context: JujuContext, seams: CharmSeams): Charm {
  const clients = new Map<string, Pebble>();
  return {
    context,
    runner: seams.runner,
    log: createCharmLogger(seams.runner, seams.stderr),
    pebble(container) {
      let client = clients.get(container);
      if (client === undefined) {
        client = seams.pebble(container, seams.env);
        clients.set(container, client);
      }
      return client;
    },
  };
}

/** Sets the unit status and, on the leader, the application status to the same. */
async function publishStatus(charm: Charm, status: SettableStatus, message: string): Promise<void> {
  await statusSet(charm.runner, status, message);
  if (await isLeader(charm.runner)) {
    await statusSet(charm.runner, status, message, { application: true });
  }
}

async function runReconcile(charm: Charm, reconcile: Reconcile): Promise<number> {
  const hook = charm.context.dispatchPath;
  try {
    let status: SettableStatus = 'active';
    let message: string;
    try {
      message = (await reconcile(charm)) ?? '';
    } catch (error) {
      if (!(error instanceof StatusError)) {
        throw error;
      }
      status = error.status;
      message = error.message;
    }
    await publishStatus(charm, status, message);
    return 0;
  } catch (error) {
    await charm.log.error(`cannot reconcile for ${hook}: ${describe(error)}`);
    return 1;
  }
}

async function runAction(
  charm: Charm,
  event: ActionEvent,
  handlers: CharmDefinition['actions'],
): Promise<number> {
  const handler = handlers?.[event.name];
  try {
    if (handler === undefined) {
      throw new Error(`the charm has no handler for action "${event.name}"`);
    }
    const results = await handler(charm, await actionGet(charm.runner));
    if (results) {
      await actionSet(charm.runner, results);
    }
    return 0;
  } catch (error) {
    if (error instanceof ActionFailedError) {
      await actionSet(charm.runner, error.results);
      await actionFail(charm.runner, error.message);
      return 0;
    }
    const message = `cannot run action ${event.name}: ${error instanceof Error ? error.message : String(error)}`;
    await charm.log.error(`${message}\n${describe(error)}`);
    await actionFail(charm.runner, message).catch(() => undefined);
    return 1;
  }
}

/**
 * Runs one dispatch: reads the context, then routes an action to its handler and every other
 * hook to `reconcile`. Resolves to the exit code: non-zero only for real failures (an
 * unexpected error, or no Juju environment), so Juju retries hooks that really failed.
 */
export async function runCharm(
  definition: CharmDefinition,
  seams: Partial<CharmSeams> = {},
): Promise<number> {
  const env = seams.env ?? process.env;
  const all: CharmSeams = {
    env,
    runner: seams.runner ?? new ProcessCommandRunner({ env: { ...env } }),
    pebble: seams.pebble ?? defaultPebbleFactory,
    stderr: seams.stderr ?? ((text) => process.stderr.write(text)),
  };
  let context: JujuContext;
  try {
    context = readJujuContext(env);
  } catch (error) {
    if (error instanceof NotInJujuError) {
      all.stderr(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const charm = createCharm(context, all);
  await charm.log.debug(`dispatching ${context.dispatchPath}`);
  return context.event.kind === 'action'
    ? runAction(charm, context.event, definition.actions)
    : runReconcile(charm, definition.reconcile);
}

/** The entry point of a charm's bundle: runs the dispatch and sets the process exit code. */
export function main(definition: CharmDefinition, seams: Partial<CharmSeams> = {}): void {
  void runCharm(definition, seams).then(
    (exitCode) => {
      process.exitCode = exitCode;
    },
    (error: unknown) => {
      process.stderr.write(`${describe(error)}\n`);
      process.exitCode = 1;
    },
  );
}
