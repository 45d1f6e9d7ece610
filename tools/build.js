#!/usr/bin/env node
// Compiles the whole workspace to dist/ with tsc (decorator metadata intact) and writes
// dist/paths.json, from which dist/tools/runtime/register-aliases.js resolves @axiom/* at run time;
// then builds the web console with Vite.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const lenient = process.env.AXIOM_BUILD_LENIENT === '1';
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json'), ...(lenient ? ['--noEmitOnError', 'false'] : [])], { stdio: 'inherit', cwd: root });
} catch (err) {
  // AXIOM_BUILD_LENIENT=1 (several people editing one checkout): report type errors, keep what tsc emitted
  if (!lenient) throw err;
  console.error('build: type errors above (AXIOM_BUILD_LENIENT=1, continuing with what tsc emitted)');
}
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
const paths = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) paths[alias] = target.replace(/\.ts$/, '.js');
fs.writeFileSync(path.join(root, 'dist', 'paths.json'), JSON.stringify(paths, null, 2));
// the web console (apps/web) into dist/apps/web, which the api and standalone apps serve at `/`
execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', path.join(root, 'apps/web/vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
