#!/usr/bin/env node
// Lists the direct dependencies whose installed version's `engines.node` shuts out a Node line we
// support (README, "Supported Node versions"): the first release of each line that package.json's
// own `engines` admits. Exit 1 when one does, so a bump that drops Node 22 or 24 is seen.
const { readFileSync } = require('fs');
const { join } = require('path');
// semver is not a direct dependency: it is in the tree through Nx, ESLint and TypeScript tooling
const semver = require('semver');

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lines = pkg.engines.node.split('||').map((range) => semver.minVersion(range).version);
const excluding = [];
for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
  const installed = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
  const range = installed.engines && installed.engines.node;
  if (!range) continue;
  for (const version of lines)
    if (!semver.satisfies(version, range))
      excluding.push(`${name}@${installed.version} (engines ${range}) excludes Node ${version}`);
}
console.log(excluding.length ? excluding.join('\n') : `every direct dependency admits Node ${lines.join(', ')}`);
process.exitCode = excluding.length ? 1 : 0;
