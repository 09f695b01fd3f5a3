// Jest's counterpart of the bundle's text loader (scripts/bundle.js): a .rules file is a string.
module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(source)};` };
  },
};
