// The whole suite: every project's jest config. Unit and integration specs run in parallel;
// the end-to-end project (real processes, fixed ports) runs in its own invocation, in band.
const fs = require('fs');
const path = require('path');

const roots = ['apps', 'libs', 'tools'];
const projects = [];
function walk(dir, depth) {
  if (depth > 3) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === 'node_modules' || e.name === 'src') continue;
    const p = path.join(dir, e.name);
    if (fs.existsSync(path.join(p, 'jest.config.cjs'))) projects.push(p);
    else walk(p, depth + 1);
  }
}
for (const r of roots) walk(path.join(__dirname, r), 0);

module.exports = {
  projects: projects.filter((p) => (process.env.AXIOM_E2E === '1') === p.endsWith(path.join('apps', 'e2e'))),
  reporters: ['default', path.join(__dirname, 'tools/test/count-reporter.js')],
};
