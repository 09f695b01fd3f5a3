// The test tiers every package shares. `small`: specs next to the code (src/**/*.spec.ts) that do
// no I/O, so the whole tier runs in seconds (`pnpm test:small`); jest.small-setup.js fails any
// that starts a process, opens a socket or writes a file. `medium`: specs under test/ that use a
// real database, git, sshd or HTTP server (`pnpm test:medium`). `jest` runs both.
const preset = require('./jest.preset.js');

/**
 * `small` and `medium` extend a tier (e.g. a medium globalSetup); other options (testTimeout,
 * maxWorkers) apply to the whole run, as jest reads them only there.
 */
function tiers({ small, medium, ...run } = {}) {
  return {
    ...run,
    projects: [
      {
        ...preset,
        displayName: 'small',
        testMatch: ['<rootDir>/src/**/*.spec.ts'],
        setupFilesAfterEnv: [require.resolve('./jest.small-setup.js')],
        ...small,
      },
      {
        ...preset,
        displayName: 'medium',
        testMatch: ['<rootDir>/test/**/*.spec.ts'],
        ...medium,
      },
    ],
  };
}

module.exports = { tiers };
