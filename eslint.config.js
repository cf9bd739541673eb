// ESLint flat config: `npm run lint`. See docs/development.md for what each block is for.
// Type-aware rules read the project's own tsconfig files, so the code is linted exactly as it compiles.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const tsFiles = ['**/*.ts', '**/*.tsx'];
const testFiles = ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts'];

export default defineConfig(
  // ESLint does not read .gitignore: these mirror it.
  globalIgnores([
    'dist/',
    'data/',
    '.tmp-dbg.ts',
    'coverage/',
    'test-results/',
    'bench/results/',
    '.tmp/',
    // Generated: the shipped banned-password list (scripts/build-banned-list.ts).
    'src/server/features/policy/banned/data/',
  ]),

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Every file: ESLint's recommended rules; Node globals unless a block below says otherwise.
  {
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },

  // TypeScript: typescript-eslint's type-checked recommended set plus a few import and safety rules.
  {
    files: tsFiles,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Each file is checked with the tsconfig.json nearest to it (root, src/web, e2e).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Fastify plugins and route handlers are async by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises that the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // With verbatimModuleSyntax, `import { type A } from 'x'` still loads 'x' at run time.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // src/web/tsconfig.json leaves out the web tests; they compile with src/web/tsconfig.test.json.
  {
    files: ['src/web/**/*.test.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: ['./src/web/tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
  },

  // Tests read untyped JSON (inject().json(), JSON.parse) all the time; asserting on it is the point.
  {
    files: testFiles,
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // The web app runs in the browser and is React: the React hooks rules (with the React Compiler checks).
  {
    files: ['src/web/**/*.ts', 'src/web/**/*.tsx'],
    ignores: ['src/web/**/*.test.ts', 'src/web/vite.config.ts'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  // Keep modules small. Blank lines and comments don't count: documentation is never the reason to split a file.
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    ignores: [
      // The Kysely table types: one interface per table, one schema, better read in one place.
      'src/server/db/types.ts',
    ],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
);
