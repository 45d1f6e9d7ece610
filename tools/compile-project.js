#!/usr/bin/env node
// One project's Nx `build`: compiles the files of tsconfig.build.json that lie under the given
// folder (a project's root, or `tools`) into the same place under dist/, one file at a time with
// swc (decorator metadata on, as Nest's DI needs; the settings the Jest preset runs the specs
// with), with source maps. It reads no other project, so its output depends on its own sources
// only and Nx caches it per project. It checks no types: `node tools/build.js` runs tsc for that.
// For `tools` it also writes dist/paths.json, from which dist/tools/runtime/register-aliases.js
// resolves the @axiom/* imports at run time.
//   node tools/compile-project.js libs/dicom/io
const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

const swcOptions = {
  swcrc: false,
  configFile: false,
  sourceMaps: true,
  inlineSourcesContent: false,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};

/** The workspace's built files (tsconfig.build.json's include and exclude) under `folder`, relative to the root. */
function buildFilesUnder(folder) {
  const configPath = path.join(root, 'tsconfig.build.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
  const prefix = folder.split(path.sep).join('/') + '/';
  return parsed.fileNames
    .map((file) => path.relative(root, file).split(path.sep).join('/'))
    .filter((file) => file.startsWith(prefix) && !file.endsWith('.d.ts'));
}

/** Compiles one source file to dist/<file>.js with its map next to it. */
async function compile(file) {
  const source = path.join(root, file);
  const target = path.join(dist, file.replace(/\.ts$/, '.js'));
  const { code, map } = await swc.transform(fs.readFileSync(source, 'utf8'), {
    ...swcOptions,
    filename: source,
    sourceFileName: path.relative(path.dirname(target), source).split(path.sep).join('/'),
  });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
  fs.writeFileSync(`${target}.map`, map);
}

/** dist/paths.json: each @axiom/* alias of tsconfig.base.json to its compiled entry, relative to dist/. */
function writePaths() {
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  const paths = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) paths[alias] = target.replace(/\.ts$/, '.js');
  fs.writeFileSync(path.join(dist, 'paths.json'), JSON.stringify(paths, null, 2));
}

async function main() {
  const folder = process.argv[2];
  if (!folder || path.isAbsolute(folder) || !fs.existsSync(path.join(root, folder))) {
    throw new Error('usage: node tools/compile-project.js <project folder, relative to the workspace root>');
  }
  const files = buildFilesUnder(folder);
  // a removed or renamed source leaves no stale .js behind (Nx restores exactly this folder from its cache)
  fs.rmSync(path.join(dist, folder), { recursive: true, force: true });
  await Promise.all(files.map(compile));
  if (folder === 'tools') writePaths();
  console.log(`compiled ${files.length} files of ${folder} into dist/${folder}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
