module.exports = require('../../../jest.preset.js').project('observability', __dirname);
