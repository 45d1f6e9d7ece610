module.exports = require('../../../jest.preset.js').project('platform-http', __dirname);
