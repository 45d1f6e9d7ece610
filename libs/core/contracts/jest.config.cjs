module.exports = require('../../../jest.preset.js').project('contracts', __dirname);
