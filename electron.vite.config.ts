/**
 * Builds the Electron app into out/: main (ESM), preload (CommonJS, everything bundled: a sandboxed
 * preload cannot require node_modules) and the renderer (React). The renderer's index.html gets the
 * Content-Security-Policy meta tag here, so the policy lives in one place (electron/main/security.ts).
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from './electron/main/security';

/** The renderer's import aliases (renderer/README.md); tsconfig.json `paths` and vitest.config.ts say the same. */
const RENDERER_ALIASES = {
  '@protocol': resolve(import.meta.dirname, 'electron/protocol'),
  '@ipc': resolve(import.meta.dirname, 'electron/ipc'),
  '@firmware': resolve(import.meta.dirname, 'electron/firmware'),
};

function cspMetaTag(): Plugin {
  return {
    name: 'fluss-csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler: (html, context) =>
        // The dev server injects inline scripts (React refresh); the policy applies to built pages.
        context.server ? html : html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY_META}" />`),
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // radio.js runs in a utilityProcess (electron/main/utilityRadio.ts): noble never loads in main.
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'electron/main/index.ts'), radio: resolve(import.meta.dirname, 'electron/radio/radioProcess.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    resolve: { alias: RENDERER_ALIASES },
    plugins: [react(), cspMetaTag()],
    build: {
      outDir: 'out/renderer',
      // Issue 7, item 8: the renderer ships minified (initial JS at most 100 KB gzipped, see `npm run
      // bench`), and without source maps: they would only add weight to the package.
      minify: true,
      sourcemap: false,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
