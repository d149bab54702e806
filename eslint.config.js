import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

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
  // React hooks rules for the renderer (../shared/STYLE.md, Tooling); exhaustive-deps is an error here.
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.flat.recommended.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  // Only renderer/src/api.ts touches the bridge; the renderer never imports Node-side layers.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'the renderer reaches main only through renderer/src/api.ts' }],
          patterns: [
            {
              group: ['**/core/**', '**/sim/**', '**/main/**', '**/services/**', '**/host/**', '**/transport/**', '**/storage/**', '**/cli/**', 'node:*'],
              message: 'the renderer reaches main only through renderer/src/api.ts; it may import the pure contract, protocol and firmware rule modules',
            },
            {
              regex: '^(\\.\\./)+electron/',
              message: 'import the shared modules by alias: @protocol/*, @ipc/*, @firmware/* (renderer/README.md)',
            },
          ],
        },
      ],
    },
  },
  layer(['electron/protocol/**'], ['**/core/**', '**/sim/**', '**/firmware/**', '**/cli/**', 'electron', '@stoprocent/*'], 'protocol sits below core, sim and firmware'),
  layer(['electron/firmware/**'], ['**/core/**', '**/sim/**', '**/transport/**', '**/cli/**', 'electron', '@stoprocent/*'], 'firmware models know nothing of transports or sessions'),
  layer(['electron/core/**'], ['**/sim/**', '**/cli/**', '**/main/**', 'electron', '@stoprocent/*'], 'the core knows nothing of Electron, noble or the simulator'),
  layer(['electron/transport/**'], ['**/core/**', '**/cli/**', '**/main/**', 'electron'], 'transports sit below the core'),
);
