module.exports = require('../../../jest.preset.js').project('feature-polling', __dirname);
