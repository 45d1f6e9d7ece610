module.exports = require('../../../jest.preset.js').project('auth', __dirname);
