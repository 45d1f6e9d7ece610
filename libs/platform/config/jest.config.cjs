module.exports = require('../../../jest.preset.js').project('platform-config', __dirname);
