module.exports = require('../../../jest.preset.js').project('feature-ingest', __dirname);
