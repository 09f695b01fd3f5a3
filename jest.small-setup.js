// A small spec does no I/O: starting a process, opening or listening on a socket, or writing a
// file fails it, naming the call. Reading checked-in files (fixtures) is allowed. The patches are
// on Node's own modules, which a jest worker shares between test files, so they are undone after
// each file.
const childProcess = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

const REFUSED = [
  [childProcess, ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']],
  [net.Socket.prototype, ['connect']],
  [net.Server.prototype, ['listen']],
  [fs, ['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'mkdir', 'mkdirSync']],
  [fs, ['mkdtemp', 'mkdtempSync', 'rm', 'rmSync']],
  [fs.promises, ['writeFile', 'appendFile', 'mkdir', 'mkdtemp', 'rm']],
];

const originals = REFUSED.flatMap(([owner, names]) =>
  names.map((name) => {
    const original = owner[name];
    owner[name] = () => {
      throw new Error(
        `a small spec does no I/O, and this one called ${name}(): move it to test/ (the medium tier)`,
      );
    };
    return () => {
      owner[name] = original;
    };
  }),
);

afterAll(() => {
  for (const restore of originals) restore();
});
