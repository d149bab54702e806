import { defineConfig } from 'vitest/config';

export default defineConfig({
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
