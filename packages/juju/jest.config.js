const { tiers } = require('../../jest.tiers.js');

module.exports = tiers({ medium: { testTimeout: 30000 } });
