const { tiers } = require('../../jest.tiers.js');

module.exports = tiers({
  testTimeout: 60000,
  medium: { globalSetup: '<rootDir>/test/global-setup.ts' },
});
