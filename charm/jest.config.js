module.exports = {
  ...require('../jest.preset.js'),
  testTimeout: 120000,
  // Most of the time goes to waiting on child processes (hooks, the workload): two files at once.
  maxWorkers: 2,
  // The tests run the bundled charm, as Juju would: bundle it once, fresh, before them.
  globalSetup: '<rootDir>/test/bundle-charm.js',
};
