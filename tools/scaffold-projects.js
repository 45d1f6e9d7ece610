// Writes project.json, tsconfig.json and jest.config.cjs for every project of the workspace.
// Run after adding a project to the table below: node tools/scaffold-projects.js
const fs = require('fs');
const path = require('path');

const projects = [
  ['api', 'apps/api', 'application', ['type:app']],
  ['dimse-listener', 'apps/dimse-listener', 'application', ['type:app']],
  ['router-worker', 'apps/router-worker', 'application', ['type:app']],
  ['poller', 'apps/poller', 'application', ['type:app']],
  ['standalone', 'apps/standalone', 'application', ['type:app']],
  ['e2e', 'apps/e2e', 'application', ['type:e2e']],
  ['domain', 'libs/core/domain', 'library', ['type:domain']],
  ['contracts', 'libs/core/contracts', 'library', ['type:contracts']],
  ['dicom-io', 'libs/dicom/io', 'library', ['type:dicom']],
  ['dicom-dimse', 'libs/dicom/dimse', 'library', ['type:dicom']],
  ['dicom-dicomweb', 'libs/dicom/dicomweb', 'library', ['type:dicom']],
  ['rule-engine', 'libs/routing/rule-engine', 'library', ['type:routing']],
  ['destinations', 'libs/routing/destinations', 'library', ['type:routing']],
  ['feature-ingest', 'libs/feature/ingest', 'library', ['type:feature']],
  ['feature-routing', 'libs/feature/routing', 'library', ['type:feature']],
  ['feature-config-admin', 'libs/feature/config-admin', 'library', ['type:feature']],
  ['feature-dicomweb', 'libs/feature/dicomweb', 'library', ['type:feature']],
  ['platform-config', 'libs/platform/config', 'library', ['type:platform', 'platform:config']],
  ['persistence', 'libs/platform/persistence', 'library', ['type:platform']],
  ['messaging', 'libs/platform/messaging', 'library', ['type:platform']],
  ['auth', 'libs/platform/auth', 'library', ['type:platform']],
  ['secrets', 'libs/platform/secrets', 'library', ['type:platform']],
  ['observability', 'libs/platform/observability', 'library', ['type:platform']],
  ['spool', 'libs/platform/spool', 'library', ['type:platform']],
  ['runtime', 'libs/platform/runtime', 'library', ['type:platform']],
  ['testing', 'libs/testing', 'library', ['type:testing']],
];

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
      ...(projectType === 'application' && name !== 'e2e'
        ? { build: { executor: 'nx:run-commands', options: { command: 'node tools/build.js' }, outputs: ['{workspaceRoot}/dist'] } }
        : {}),
      typecheck: { executor: 'nx:run-commands', options: { command: `tsc -p ${dir}/tsconfig.json --noEmit` } },
      lint: { executor: 'nx:run-commands', options: { command: `eslint ${dir}` } },
      test: { executor: 'nx:run-commands', options: { command: `jest -c ${dir}/jest.config.cjs --passWithNoTests` } },
    },
  };
  fs.writeFileSync(path.join(abs, 'project.json'), JSON.stringify(project, null, 2) + '\n');
  fs.writeFileSync(path.join(abs, 'tsconfig.json'), JSON.stringify({
    extends: `${up}/tsconfig.base.json`,
    compilerOptions: { types: ['node', 'jest'] },
    include: ['src/**/*.ts'],
  }, null, 2) + '\n');
  fs.writeFileSync(path.join(abs, 'jest.config.cjs'),
    `module.exports = require('${up}/jest.preset.js').project(${JSON.stringify(name)}, __dirname);\n`);
}
