import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import axiom from './tools/lint/route-guard.rule.cjs';

/**
 * Which kinds of project may import which (DESIGN.md section 1). Every project carries one
 * `type:` tag (its kind) and one `scope:` tag (itself, `scope:<project name>`), so that a
 * constraint can name one project, or every project but one.
 */
const kindConstraints = [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:dicom', 'type:contracts', 'type:domain'],
  },
  // the ingest (spool -> record -> publish) is the one way in for every source: the polling and STOW-RS features use it
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: [
      'type:routing',
      'type:dicom',
      'type:platform',
      'type:contracts',
      'type:domain',
      'scope:feature-ingest',
    ],
  },
  // the destinations read the typed config (the rule engine may not: see below)
  {
    sourceTag: 'type:routing',
    onlyDependOnLibsWithTags: ['type:routing', 'type:dicom', 'type:domain', 'scope:platform-config'],
  },
  { sourceTag: 'type:dicom', onlyDependOnLibsWithTags: ['type:dicom', 'type:domain'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:domain', 'type:contracts'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: [
      'type:feature',
      'type:routing',
      'type:dicom',
      'type:platform',
      'type:contracts',
      'type:domain',
      'type:testing',
    ],
  },
  { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:web'] },
  {
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: [
      'type:feature',
      'type:routing',
      'type:dicom',
      'type:platform',
      'type:contracts',
      'type:domain',
      'type:testing',
    ],
  },
  // the rule engine is pure: it reads DICOM through dicom/io and speaks the domain's types, nothing else
  { sourceTag: 'scope:rule-engine', onlyDependOnLibsWithTags: ['scope:dicom-io', 'type:domain'] },
];

/** No Nest in what must run anywhere: the rule engine, the DICOM libs and the domain. */
const NEST = ['@nestjs/*'];
const nestFreeConstraints = ['scope:rule-engine', 'type:dicom', 'type:domain'].map((sourceTag) => ({
  sourceTag,
  bannedExternalImports: NEST,
}));

/** Packages that one project alone may import, by its scope tag: the others go through its API. */
const DATABASE_PACKAGES = [
  'typeorm',
  'typeorm/*',
  '@nestjs/typeorm',
  '@nestjs/typeorm/*',
  'pg',
  'pg/*',
  'better-sqlite3',
];
const packageOwners = [
  { owner: 'dicom-io', packages: ['dcmjs', 'dcmjs/*', 'dcmjs-codecs', 'dcmjs-codecs/*'] },
  { owner: 'dicom-dimse', packages: ['dcmjs-dimse', 'dcmjs-dimse/*'] },
  { owner: 'persistence', packages: DATABASE_PACKAGES },
];
/** `/^scope:(?!x$)/`: every project but x (each project has one scope tag). */
const ownedPackageConstraints = (owners) =>
  owners.map(({ owner, packages }) => ({ sourceTag: `/^scope:(?!${owner}$)/`, bannedExternalImports: packages }));

const depConstraints = [...kindConstraints, ...nestFreeConstraints, ...ownedPackageConstraints(packageOwners)];

/**
 * Test code (specs, `testing/` folders, the e2e app) may inspect rows with TypeORM. Test code of
 * feature libs may also use the testing lib, the one home of test stand-ins and builders. That
 * holds only while the testing lib imports no feature lib (a cycle otherwise); dicom and
 * platform libs are below it in the graph and keep their few helpers of their own.
 */
const testCodeDepConstraints = [
  ...kindConstraints.map((c) =>
    c.sourceTag === 'type:feature'
      ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] }
      : c,
  ),
  ...nestFreeConstraints,
  ...ownedPackageConstraints(packageOwners.filter((o) => o.owner !== 'persistence')),
];
const TEST_CODE = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts', 'apps/e2e/**/*.ts'];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/*.cjs', '**/*.js', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // a file a newcomer reads in one sitting: split by responsibility past 300 lines (as formatted)
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['apps/web/src/api/schema.d.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    files: TEST_CODE,
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: testCodeDepConstraints },
      ],
    },
  },
  {
    // every route carries @Roles(...) or @Public() (tools/lint/route-guard.rule.cjs)
    files: ['**/*.ts'],
    plugins: { axiom },
    rules: { 'axiom/route-guarded': 'error' },
  },
  {
    files: ['libs/routing/rule-engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'amqplib',
                'amqp-connection-manager',
                'fs',
                'node:fs',
                'fs/promises',
                'node:fs/promises',
              ],
              message: 'the rule engine is pure: no Nest, TypeORM, broker or file system',
            },
          ],
        },
      ],
    },
  },
];
