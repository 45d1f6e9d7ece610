module.exports = require('../../../jest.preset.js').project('spool', __dirname);
