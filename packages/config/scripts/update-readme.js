// Rewrites the configuration table in the repository's README from the option declarations.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { configurationTable } = require('../dist');

const readmePath = join(__dirname, '..', '..', '..', 'README.md');
const start = '<!-- configuration-table:start -->';
const end = '<!-- configuration-table:end -->';
const readme = readFileSync(readmePath, 'utf8');
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < from) {
  throw new Error(`cannot update ${readmePath}: the markers ${start} and ${end} are missing`);
}
const updated = `${readme.slice(0, from + start.length)}\n${configurationTable()}\n${readme.slice(to)}`;
writeFileSync(readmePath, updated);
console.log(`updated the configuration table in ${readmePath}`);
