import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Environment } from '../../context/environment';
import { type CommandRunner } from '../../hook-tools/command-runner';
import { type FakeJujuState, type FakeJujuStateInit, fakeJujuState } from './fake-juju-state';
import { installHookTools } from './install-hook-tools';
import { runFakeHookTool } from './run-fake-hook-tool';
import { STATE_FILE_VARIABLE, readStateFile, writeStateFile } from './state-file';

/**
 * A fake Juju for one unit: a JSON state file plus a directory of hook-tool executables that
 * read and write it. Put {@link FakeJuju.env} in a process's environment and its hook tools
 * talk to this fake.
 */
export class FakeJuju {
  private constructor(
    /** A private temporary directory holding everything. */
    readonly dir: string,
    /** The directory to put first on `PATH`. */
    readonly binDir: string,
    /** The JSON state file. */
    readonly statePath: string,
  ) {}

  /** Creates the state file (from `init`) and installs the hook tools. */
  static async create(init: FakeJujuStateInit = {}): Promise<FakeJuju> {
    const dir = await mkdtemp(join(tmpdir(), 'hlp-fake-juju-'));
    const binDir = join(dir, 'bin');
    await mkdir(binDir);
    await installHookTools(binDir, dir);
    const juju = new FakeJuju(dir, binDir, join(dir, 'state.json'));
    juju.replace(fakeJujuState(init));
    return juju;
  }

  /** Variables that make hook tools use this fake: `PATH` (tools first) and the state file. */
  env(basePath = process.env.PATH ?? ''): Record<string, string> {
    return { PATH: `${this.binDir}:${basePath}`, [STATE_FILE_VARIABLE]: this.statePath };
  }

  /**
   * A runner that applies the fake hook tools inside this process instead of spawning them:
   * the same behaviour, much faster, for testing code that takes a runner. `env` adds what
   * Juju would set for the hook (`JUJU_RELATION_ID`, `JUJU_REMOTE_UNIT`, …).
   */
  runner(env: Environment = {}): CommandRunner {
    const toolEnv = { ...env, ...this.env() };
    return {
      run: async (tool, args, options = {}) =>
        runFakeHookTool(tool, args, toolEnv, () => options.stdin ?? ''),
    };
  }

  /** The current state, as the tools left it. */
  state(): FakeJujuState {
    return readStateFile(this.statePath);
  }

  /** Changes the state in place (arrange, or simulate another unit or Juju itself). */
  update(change: (state: FakeJujuState) => void): FakeJujuState {
    const state = this.state();
    change(state);
    this.replace(state);
    return state;
  }

  /** Replaces the whole state. */
  replace(state: FakeJujuState): void {
    writeStateFile(this.statePath, state);
  }

  /** Deletes the directory. */
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
