module.exports = require('../../../jest.preset.js').project('destinations', __dirname);
