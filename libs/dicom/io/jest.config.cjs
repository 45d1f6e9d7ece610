module.exports = require('../../../jest.preset.js').project('dicom-io', __dirname);
