// Writes project.json, tsconfig.json and jest.config.cjs for every project of the workspace.
// Run after adding a project to the table below: node tools/scaffold-projects.js
const fs = require('fs');
const path = require('path');

const projects = [
  ['api', 'apps/api', 'application', ['type:app', 'scope:api']],
  ['dimse-listener', 'apps/dimse-listener', 'application', ['type:app', 'scope:dimse-listener']],
  ['router-worker', 'apps/router-worker', 'application', ['type:app', 'scope:router-worker']],
  ['poller', 'apps/poller', 'application', ['type:app', 'scope:poller']],
  ['standalone', 'apps/standalone', 'application', ['type:app', 'scope:standalone']],
  ['e2e', 'apps/e2e', 'application', ['type:e2e', 'scope:e2e']],
  ['domain', 'libs/core/domain', 'library', ['type:domain', 'scope:domain']],
  ['contracts', 'libs/core/contracts', 'library', ['type:contracts', 'scope:contracts']],
  ['dicom-io', 'libs/dicom/io', 'library', ['type:dicom', 'scope:dicom-io']],
  ['dicom-dimse', 'libs/dicom/dimse', 'library', ['type:dicom', 'scope:dicom-dimse']],
  ['dicom-dicomweb', 'libs/dicom/dicomweb', 'library', ['type:dicom', 'scope:dicom-dicomweb']],
  ['rule-engine', 'libs/routing/rule-engine', 'library', ['type:routing', 'scope:rule-engine']],
  ['destinations', 'libs/routing/destinations', 'library', ['type:routing', 'scope:destinations']],
  ['feature-ingest', 'libs/feature/ingest', 'library', ['type:feature', 'scope:feature-ingest']],
  ['feature-routing', 'libs/feature/routing', 'library', ['type:feature', 'scope:feature-routing']],
  ['feature-config-admin', 'libs/feature/config-admin', 'library', ['type:feature', 'scope:feature-config-admin']],
  ['feature-dicomweb', 'libs/feature/dicomweb', 'library', ['type:feature', 'scope:feature-dicomweb']],
  ['platform-config', 'libs/platform/config', 'library', ['type:platform', 'scope:platform-config']],
  ['persistence', 'libs/platform/persistence', 'library', ['type:platform', 'scope:persistence']],
  ['messaging', 'libs/platform/messaging', 'library', ['type:platform', 'scope:messaging']],
  ['auth', 'libs/platform/auth', 'library', ['type:platform', 'scope:auth']],
  ['secrets', 'libs/platform/secrets', 'library', ['type:platform', 'scope:secrets']],
  ['platform-http', 'libs/platform/http', 'library', ['type:platform', 'scope:platform-http']],
  ['observability', 'libs/platform/observability', 'library', ['type:platform', 'scope:observability']],
  ['spool', 'libs/platform/spool', 'library', ['type:platform', 'scope:spool']],
  ['runtime', 'libs/platform/runtime', 'library', ['type:platform', 'scope:runtime']],
  ['testing', 'libs/testing', 'library', ['type:testing', 'scope:testing']],
];

/**
 * A built project's `build` (nx.json's target default compiles it into dist/<its root>); an app
 * also needs the runnable tools (register-aliases, dist/paths.json) and, if it serves it, the console.
 */
function buildTarget(name, projectType) {
  if (projectType !== 'application') return {};
  const alsoBuild = ['api', 'standalone'].includes(name) ? ['tools', 'web'] : ['tools'];
  return { dependsOn: ['^build', { projects: alsoBuild, target: 'build' }] };
}

const root = path.resolve(__dirname, '..');
for (const [name, dir, projectType, tags] of projects) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(path.join(abs, 'src'))) continue; // no empty libs: a project exists once it has code
  const up = path.relative(abs, root).split(path.sep).join('/');
  const project = {
    name,
    $schema: `${up}/node_modules/nx/schemas/project-schema.json`,
    sourceRoot: `${dir}/src`,
    projectType,
    tags,
    targets: {
      ...(name === 'e2e' || name === 'testing' ? {} : { build: buildTarget(name, projectType) }),
      typecheck: { executor: 'nx:run-commands', options: { command: `tsc -p ${dir}/tsconfig.json --noEmit` } },
      lint: { executor: 'nx:run-commands', options: { command: `eslint ${dir}` } },
      test: { executor: 'nx:run-commands', options: { command: `jest -c ${dir}/jest.config.cjs --passWithNoTests` } },
    },
  };
  fs.writeFileSync(path.join(abs, 'project.json'), JSON.stringify(project, null, 2) + '\n');
  fs.writeFileSync(
    path.join(abs, 'tsconfig.json'),
    JSON.stringify(
      {
        extends: `${up}/tsconfig.base.json`,
        compilerOptions: { types: ['node', 'jest'] },
        include: ['src/**/*.ts'],
      },
      null,
      2,
    ) + '\n',
  );
  fs.writeFileSync(
    path.join(abs, 'jest.config.cjs'),
    `module.exports = require('${up}/jest.preset.js').project(${JSON.stringify(name)}, __dirname);\n`,
  );
}
