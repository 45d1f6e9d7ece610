module.exports = require('../../../jest.preset.js').project('rule-engine', __dirname);
