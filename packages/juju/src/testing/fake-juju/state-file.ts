import { readFileSync, renameSync, writeFileSync } from 'node:fs';

import { type FakeJujuState } from './fake-juju-state';

/** The variable that tells the fake hook tools where the state file is. */
export const STATE_FILE_VARIABLE = 'HLP_FAKE_JUJU_STATE';

/** Reads the fake Juju state. */
export function readStateFile(path: string): FakeJujuState {
  return JSON.parse(readFileSync(path, 'utf8')) as FakeJujuState;
}

/** Writes the fake Juju state atomically, so a killed tool never leaves half a file. */
export function writeStateFile(path: string, state: FakeJujuState): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, path);
}
