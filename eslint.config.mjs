import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import axiom from './tools/lint/route-guard.rule.cjs';

/** Which kinds of project may import which (DESIGN.md section 1). */
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:dicom', 'type:contracts', 'type:domain'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:routing', 'type:dicom', 'type:platform', 'type:contracts', 'type:domain'] },
  { sourceTag: 'type:routing', onlyDependOnLibsWithTags: ['type:routing', 'type:dicom', 'type:domain', 'platform:config'] },
  { sourceTag: 'type:dicom', onlyDependOnLibsWithTags: ['type:dicom', 'type:domain'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:domain', 'type:contracts'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:feature', 'type:routing', 'type:dicom', 'type:platform', 'type:contracts', 'type:domain', 'type:testing'] },
  { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:web'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:feature', 'type:routing', 'type:dicom', 'type:platform', 'type:contracts', 'type:domain', 'type:testing'] },
];

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
