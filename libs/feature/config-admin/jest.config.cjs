module.exports = require('../../../jest.preset.js').project('feature-config-admin', __dirname);
