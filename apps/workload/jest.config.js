const { tiers } = require('../../jest.tiers.js');

module.exports = tiers({
  medium: { globalSetup: '<rootDir>/test/global-setup.ts', testTimeout: 60000 },
});
