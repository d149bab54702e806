import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layer boundaries (docs/architecture.md): lower layers never import upper ones. */
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'resources/bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // `() => listener(x)` as a callback reads better than a braced block; voids elsewhere still count.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  layer(['electron/protocol/**'], ['**/core/**', '**/sim/**', '**/firmware/**', '**/cli/**', 'electron', '@stoprocent/*'], 'protocol sits below core, sim and firmware'),
  layer(['electron/firmware/**'], ['**/core/**', '**/sim/**', '**/transport/**', '**/cli/**', 'electron', '@stoprocent/*'], 'firmware models know nothing of transports or sessions'),
  layer(['electron/core/**'], ['**/sim/**', '**/cli/**', '**/main/**', 'electron', '@stoprocent/*'], 'the core knows nothing of Electron, noble or the simulator'),
  layer(['electron/transport/**'], ['**/core/**', '**/cli/**', '**/main/**', 'electron'], 'transports sit below the core'),
);
