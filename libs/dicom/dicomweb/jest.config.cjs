module.exports = require('../../../jest.preset.js').project('dicom-dicomweb', __dirname);
