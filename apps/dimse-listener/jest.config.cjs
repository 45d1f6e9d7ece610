module.exports = require('../../jest.preset.js').project('dimse-listener', __dirname);
