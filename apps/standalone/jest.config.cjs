module.exports = require('../../jest.preset.js').project('standalone', __dirname);
