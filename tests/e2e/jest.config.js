module.exports = {
  ...require('../../jest.preset.js'),
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  // One lego issuance polls pebble with a 5 s backoff per name.
  testTimeout: 180000,
  maxWorkers: 1,
};
