module.exports = require('../../../jest.preset.js').project('secrets', __dirname);
