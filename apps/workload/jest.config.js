const { tiers } = require('../../jest.tiers.js');

module.exports = tiers({
  // A hang guard, not a speed check: a service's start and a scripted run on a 2-core machine
  // under stress-ng (and other work) took over a minute.
  testTimeout: 300_000,
  // Medium specs mostly wait on git, servers and child processes: two files at once on two cores.
  maxWorkers: 2,
  medium: { globalSetup: '<rootDir>/test/global-setup.ts' },
});
