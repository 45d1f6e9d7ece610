module.exports = require('../../../jest.preset.js').project('feature-routing', __dirname);
