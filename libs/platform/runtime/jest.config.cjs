module.exports = require('../../../jest.preset.js').project('runtime', __dirname);
