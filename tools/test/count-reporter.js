// Jest reporter: writes {passed, failed, skipped} of the run to tmp/test-counts/<name>.json so
// that tools/test/summary.js can print the one closing line CI reads.
const fs = require('fs');
const path = require('path');

class CountReporter {
  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '..', '..', 'tmp', 'test-counts');
    fs.mkdirSync(dir, { recursive: true });
    const name = process.env.AXIOM_TEST_RUN || 'jest';
    fs.writeFileSync(
      path.join(dir, `${name}.json`),
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}
module.exports = CountReporter;
