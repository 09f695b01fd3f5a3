// The tests run the packed charm as Juju would, through its dispatch and the Node.js it carries:
// bundle it and lay it out once, fresh, before them.
const { join } = require('node:path');

const { bundle } = require('../scripts/bundle');
const { pack } = require('../scripts/pack');

module.exports = async () => {
  await bundle();
  await pack({ out: join(__dirname, '..', 'test-output', 'charm'), archive: false });
};
