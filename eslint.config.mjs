import nx from '@nx/eslint-plugin';
import angular from 'angular-eslint';
import tseslint from 'typescript-eslint';

/**
 * Module boundaries (house style): api → api + shared; console → console + shared; shared → shared;
 * the domain imports nothing framework (no Nest, TypeORM, Angular, class-validator, rxjs).
 */
export default tseslint.config(
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/.angular', '**/.nx', '**/coverage', '**/.data'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
            { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console', 'scope:shared'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', '@angular/*', 'class-validator', 'class-transformer', 'rxjs', 'pg'],
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:contracts'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', '@angular/*', 'class-validator', 'class-transformer', 'rxjs', 'pg'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // Type-aware rules: a promise is awaited, returned or explicitly voided, and never passed where a
  // callback's result is ignored (an unhandled rejection there would crash the process or be lost).
  {
    files: ['apps/api/src/**/*.ts', 'apps/console/src/**/*.ts', 'libs/*/src/**/*.ts', 'e2e/src/**/*.ts'],
    // The architecture spec lints these virtual files through stdin; they belong to no program.
    ignores: ['**/src/**/fixture.ts', '**/src/**/fixture.repository.ts'],
    languageOptions: {
      parserOptions: {
        project: [
          'apps/api/tsconfig.app.json',
          'apps/api/tsconfig.spec.json',
          'apps/console/tsconfig.app.json',
          'apps/console/tsconfig.spec.json',
          'libs/domain/tsconfig.lib.json',
          'libs/domain/tsconfig.spec.json',
          'libs/contracts/tsconfig.lib.json',
          'libs/contracts/tsconfig.spec.json',
          'e2e/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  // SQL belongs to repositories (issue 11): `.query(` only in `*.repository.ts`, migrations, specs, test
  // support, benchmarks, the seeding tools and the database bootstrap (migration runner, embedded server).
  {
    files: ['apps/api/**/*.ts'],
    ignores: [
      'apps/api/src/**/*.repository.ts',
      'apps/api/src/migrations/**',
      'apps/api/**/*.spec.ts',
      'apps/api/**/*.integration-spec.ts',
      'apps/api/src/testing/**',
      'apps/api/bench/**',
      'apps/api/src/tools/**',
      'apps/api/src/app/database/**',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='query']",
          message: "SQL belongs in the aggregate's repository (<feature>/<aggregate>.repository.ts); call the repository instead.",
        },
      ],
    },
  },
  // Console layers: core (session, HTTP, i18n, the shell) and shared (stores and UI several features use) never
  // import a feature, statically or lazily; main.routes.ts, which loads the features, is the composition root.
  {
    files: ['apps/console/src/app/core/**/*.ts', 'apps/console/src/app/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)features(/|$)',
              message: 'core/ and shared/ may not import features/: move what both need into shared/ or core/.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression[source.value=/(^|\\/)features(\\/|$)/]',
          message: 'core/ and shared/ may not import features/ (lazy routes belong in main.routes.ts).',
        },
      ],
    },
  },
  // The console: angular-eslint's recommended rules for components, directives and inline templates.
  {
    files: ['apps/console/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'cd', style: 'camelCase' }],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'cd', style: 'kebab-case' }],
    },
  },
  {
    files: ['apps/console/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
);
