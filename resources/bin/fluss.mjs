#!/usr/bin/env node
// The `fluss` command. The CLI is bundled from electron/cli/ by `npm run build:cli` (run by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../../out/cli/fluss.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('fluss: the CLI is not built yet. Run `npm run build:cli` (npm install does it) and try again.\n');
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
