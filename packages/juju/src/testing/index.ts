/**
 * Testing a charm: in process, from a state to the next ({@link Context}), or as Juju would
 * run the bundle ({@link CharmHarness}: fake hook tools on `PATH` over a JSON state file, and a
 * fake Pebble per workload container).
 */
export * from './charm-harness';
export * from './context';
export * from './fake-juju/fake-juju';
export * from './fake-juju/fake-juju-state';
export { STATE_FILE_VARIABLE } from './fake-juju/state-file';
export * from './fake-pebble/fake-pebble-server';
export { type RecordedOwnership } from './fake-pebble/sandbox';
export * from './harness-events';
