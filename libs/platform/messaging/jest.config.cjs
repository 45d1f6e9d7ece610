module.exports = require('../../../jest.preset.js').project('messaging', __dirname);
