module.exports = {
  ...require('../../jest.preset.js'),
  testMatch: ['<rootDir>/test/**/*.browser-spec.ts'],
  // One server and one browser for the whole file; the steps depend on each other.
  testTimeout: 60000,
  maxWorkers: 1,
};
