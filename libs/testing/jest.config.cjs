module.exports = require('../../jest.preset.js').project('testing', __dirname);
