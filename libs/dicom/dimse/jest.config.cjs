module.exports = require('../../../jest.preset.js').project('dicom-dimse', __dirname);
