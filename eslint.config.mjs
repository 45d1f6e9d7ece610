import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import axiom from './tools/lint/route-guard.rule.cjs';

/** Which kinds of project may import which (DESIGN.md section 1). */
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:dicom', 'type:contracts', 'type:domain'] },
  // the ingest (spool -> record -> publish) is the one way in for every source: the polling and STOW-RS features use it
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:routing', 'type:dicom', 'type:platform', 'type:contracts', 'type:domain', 'scope:ingest'] },
  { sourceTag: 'type:routing', onlyDependOnLibsWithTags: ['type:routing', 'type:dicom', 'type:domain', 'platform:config'] },
  { sourceTag: 'type:dicom', onlyDependOnLibsWithTags: ['type:dicom', 'type:domain'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:domain', 'type:contracts'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:feature', 'type:routing', 'type:dicom', 'type:platform', 'type:contracts', 'type:domain', 'type:testing'] },
  { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:web'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:feature', 'type:routing', 'type:dicom', 'type:platform', 'type:contracts', 'type:domain', 'type:testing'] },
];

/**
 * Test code of feature libs may also use the testing lib, the one home of test stand-ins and
 * builders. That holds only while the testing lib imports no feature lib (a cycle otherwise);
 * dicom and platform libs are below it in the graph and keep their few helpers of their own.
 */
const testCodeDepConstraints = depConstraints.map((c) => (c.sourceTag === 'type:feature'
  ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] }
  : c));

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
    files: ['libs/feature/**/*.spec.ts', 'libs/feature/**/*.int-spec.ts', 'libs/feature/**/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: testCodeDepConstraints }] },
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
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@nestjs/*', 'typeorm', 'amqplib', 'amqp-connection-manager', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises'],
          message: 'the rule engine is pure: no Nest, TypeORM, broker or file system' },
      ] }],
    },
  },
];
