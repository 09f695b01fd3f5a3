const { tiers } = require('../jest.tiers.js');

module.exports = tiers();
