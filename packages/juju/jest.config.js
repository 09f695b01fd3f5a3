const { tiers } = require('../../jest.tiers.js');

// Medium specs mostly wait on child processes and sockets: two files at once on two cores.
module.exports = tiers({ testTimeout: 120_000, maxWorkers: 2 });
