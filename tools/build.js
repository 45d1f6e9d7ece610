#!/usr/bin/env node
// Compiles the whole workspace to dist/ with tsc (decorator metadata intact) and writes
// dist/paths.json, from which dist/tools/runtime/register-aliases.js resolves @axiom/* at run time.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
const paths = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) paths[alias] = target.replace(/\.ts$/, '.js');
fs.writeFileSync(path.join(root, 'dist', 'paths.json'), JSON.stringify(paths, null, 2));
