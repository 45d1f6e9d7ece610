#!/usr/bin/env node
// `npm run build`: checks the types of what is built (tsc over tsconfig.build.json, incremental,
// nothing emitted), then runs every project's Nx `build` (cached in .nx/cache): each app and lib
// compiled into dist/<its root> by tools/compile-project.js, the runnable tools and dist/paths.json
// (from which dist/tools/runtime/register-aliases.js resolves @axiom/* at run time), and the web
// console by Vite into dist/apps/web. Arguments go to `nx run-many` (e.g. --skip-nx-cache).
const { execFileSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const lenient = process.env.AXIOM_BUILD_LENIENT === '1';
const tsc = [
  require.resolve('typescript/bin/tsc'),
  '-p',
  path.join(root, 'tsconfig.build.json'),
  '--noEmit',
  '--incremental',
  '--tsBuildInfoFile',
  path.join(root, 'tmp', 'build', 'tsconfig.build.tsbuildinfo'),
];
try {
  execFileSync(process.execPath, tsc, { stdio: 'inherit', cwd: root });
} catch (err) {
  // AXIOM_BUILD_LENIENT=1 (several people editing one checkout): report type errors, build anyway
  if (!lenient) process.exit(typeof err.status === 'number' ? err.status : 1);
  console.error('build: type errors above (AXIOM_BUILD_LENIENT=1, building anyway)');
}
// no daemon left running and no cloud unless the caller asks (CI sets these too)
const env = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', ...process.env };
try {
  execFileSync(
    process.execPath,
    [require.resolve('nx/bin/nx.js'), 'run-many', '-t', 'build', '--output-style=static', ...process.argv.slice(2)],
    { stdio: 'inherit', cwd: root, env },
  );
} catch (err) {
  process.exit(typeof err.status === 'number' ? err.status : 1);
}
