const { bundle } = require('../scripts/bundle');

module.exports = async () => {
  await bundle();
};
