module.exports = require('../../jest.preset.js').project('poller', __dirname);
