module.exports = require('../../jest.preset.js').project('router-worker', __dirname);
