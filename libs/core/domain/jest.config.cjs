module.exports = require('../../../jest.preset.js').project('domain', __dirname);
