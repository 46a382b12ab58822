// Lint rules: typescript-eslint's recommended set, strict about `any` and unused code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'models/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/ui/**/*.js'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', localStorage: 'readonly', sessionStorage: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URLSearchParams: 'readonly', EventSource: 'readonly', HTMLElement: 'readonly', navigator: 'readonly', location: 'readonly', crypto: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', AbortController: 'readonly', WebSocket: 'readonly', TextDecoder: 'readonly', history: 'readonly', atob: 'readonly' },
    },
  },
);
