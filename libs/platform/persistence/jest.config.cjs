module.exports = require('../../../jest.preset.js').project('persistence', __dirname);
