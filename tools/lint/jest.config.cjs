// The lint configuration's own tests (module boundaries): specs next to the rules, not under src/.
const { project } = require('../../jest.preset.js');

module.exports = { ...project('lint', __dirname), testMatch: ['<rootDir>/*.spec.ts'] };
