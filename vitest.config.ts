import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/** The renderer's import aliases (renderer/README.md); tsconfig.json `paths` and electron.vite.config.ts say the same. */
const RENDERER_ALIASES = {
  '@protocol': resolve(import.meta.dirname, 'electron/protocol'),
  '@ipc': resolve(import.meta.dirname, 'electron/ipc'),
  '@firmware': resolve(import.meta.dirname, 'electron/firmware'),
};

export default defineConfig({
  // Renderer modules (and so their tests) import the shared contract by alias.
  resolve: { alias: RENDERER_ALIASES },
  test: {
    include: ['test/**/*.test.ts', 'test/renderer/**/*.test.tsx'],
    environment: 'node',
    // CLI tests spawn up to seven `fluss` runs per test, each deriving its FLUSS_PASSPHRASE key with scrypt.
    testTimeout: 40_000,
    hookTimeout: 20_000,
    // Keep tests out of the developer's real keychain; the tests of the keychain path set their own env.
    env: { FLUSS_KEYCHAIN: 'off' },
  },
});
