import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'docs/api/', 'coverage/', 'artifacts/', 'node_modules/', 'examples/angular/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // lib/rx.ts explains why the client imports rxjs in one place.
    files: ['lib/**/*.ts'],
    ignores: ['lib/rx.ts', 'lib/rx-websocket.ts', 'lib/emulator/**', 'lib/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^rxjs(/|$)', message: "Import rxjs from '../rx.js'." }] },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
