const { tiers } = require('../../jest.tiers.js');

module.exports = tiers({
  testTimeout: 60000,
  // Medium specs mostly wait on git, servers and child processes: two files at once on two cores.
  maxWorkers: 2,
  medium: { globalSetup: '<rootDir>/test/global-setup.ts' },
});
