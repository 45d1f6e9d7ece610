module.exports = require('../../../jest.preset.js').project('feature-dicomweb', __dirname);
