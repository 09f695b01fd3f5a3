import { type CommandRunner, ProcessCommandRunner } from '../../src';
import { FakeJuju, type FakeJujuStateInit } from '../../src/testing';

/** A fake Juju plus a runner that spawns its hook-tool executables, as a charm would. */
export interface FakeJujuTools {
  readonly juju: FakeJuju;
  readonly runner: CommandRunner;
}

/** Creates the fake and the runner; call `juju.remove()` afterwards. */
export async function fakeJujuTools(init: FakeJujuStateInit = {}): Promise<FakeJujuTools> {
  const juju = await FakeJuju.create(init);
  return { juju, runner: new ProcessCommandRunner({ env: { ...process.env, ...juju.env() } }) };
}
