const preset = require('../jest.preset.js');

module.exports = {
  ...preset,
  // The alert rules are embedded as text, in the bundle as under jest.
  transform: { ...preset.transform, '\\.rules$': '<rootDir>/test/helpers/text-transform.js' },
  testTimeout: 300_000,
  // Most of the time goes to waiting on child processes (hooks, the workload): two files at once.
  maxWorkers: 2,
  // The tests run the packed charm through its dispatch, as Juju would: pack it once, fresh.
  globalSetup: '<rootDir>/test/pack-charm.js',
};
