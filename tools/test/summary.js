// Sums tmp/test-counts/*.json (and extra check results) into `N passed, N failed, N skipped`;
// exits non-zero when anything failed or nothing ran.
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, '..', '..', 'tmp', 'test-counts');
let passed = 0,
  failed = 0,
  skipped = 0;
for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  if (!f.endsWith('.json')) continue;
  const c = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
