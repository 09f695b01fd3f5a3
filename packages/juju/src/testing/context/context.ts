import { join } from 'node:path';

import { DEFAULT_CONTAINERS_DIR } from '../../charm/pebble-socket';
import { type CharmDefinition, runCharm } from '../../charm/run-charm';
import { type Environment } from '../../context/environment';
import { type CommandRunner } from '../../hook-tools/command-runner';
import { discardUncommitted } from '../fake-juju/fake-juju-state';
import { applyFakeHookTool } from '../fake-juju/run-fake-hook-tool';
import { type HarnessEvent, dispatchVariables } from '../harness-events';
import { MemoryPebble } from './memory-pebble';
import { type State, copyState } from './state';

/** Options of a {@link Context}. */
export interface ContextOptions {
  /** Extra variables of the dispatch environment. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The charm exited non-zero: Juju would retry the hook. The state is what Juju would keep. */
export class UncaughtCharmError extends Error {
  override readonly name = 'UncaughtCharmError';

  constructor(
    readonly exitCode: number,
    readonly stderr: string,
    readonly state: State,
  ) {
    const logged = state.logs
      .filter((entry) => entry.level === 'ERROR')
      .map((entry) => entry.message);
    super(
      `the charm exited with code ${exitCode}: ${[...logged, stderr].join('\n').trim() || 'no output'}`,
    );
  }
}

/** Hook tools applied to an in-memory state: the fake Juju's tools, without processes or files. */
export function memoryRunner(state: State, env: Environment): CommandRunner {
  return {
    run: async (tool, args, options = {}) =>
      applyFakeHookTool(tool, args, state, env, () => options.stdin ?? ''),
  };
}

/**
 * Runs a charm's handlers in this process, from a state to the next (like ops' Scenario and
 * goops' goopstest): the same `runCharm` as the bundle, with the `JUJU_*` variables of the
 * event, hook tools over the state and a {@link MemoryPebble} per container.
 */
export class Context {
  private runs = 0;

  constructor(
    private readonly definition: CharmDefinition,
    private readonly options: ContextOptions = {},
  ) {}

  /**
   * Dispatches `event` against a copy of `state` and returns the state afterwards; `state` is
   * left as it was. Throws {@link UncaughtCharmError} when the charm exits non-zero.
   */
  async run(event: HarnessEvent, state: State): Promise<State> {
    const before = copyState(state);
    if (event.kind === 'action') {
      before.action = { name: event.name, params: event.params, results: {}, logs: [] };
    } else {
      delete before.action;
    }
    const after = copyState(before);
    const { dispatchPath, env: eventEnv } = dispatchVariables(event, before);
    const env: Environment = {
      JUJU_DISPATCH_PATH: dispatchPath,
      JUJU_UNIT_NAME: before.unit,
      JUJU_MODEL_NAME: before.modelName,
      JUJU_MODEL_UUID: before.modelUuid,
      JUJU_CHARM_DIR: '/var/lib/juju/charm',
      JUJU_VERSION: '3.6.0',
      JUJU_CONTEXT_ID: `${before.unit}-${dispatchPath}-${++this.runs}`,
      ...eventEnv,
      ...this.options.env,
    };
    let stderr = '';
    const exitCode = await runCharm(this.definition, {
      env,
      runner: memoryRunner(after, env),
      pebble: (container) => {
        const arranged = after.containers[container];
        if (arranged === undefined) {
          throw new Error(
            `cannot find container "${container}" in the state: arrange it in containers`,
          );
        }
        return new MemoryPebble(arranged, join(DEFAULT_CONTAINERS_DIR, container, 'pebble.socket'));
      },
      stderr: (text) => {
        stderr += text;
      },
    });
    if (exitCode !== 0) {
      discardUncommitted(before, after);
      throw new UncaughtCharmError(exitCode, stderr, after);
    }
    return after;
  }
}
