import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app's version from package.json, found by walking up from this module (the bundle runs from
 * out/cli or out/cli/chunks, the sources from electron/cli). Reports and diagnostics name it.
 */
export function appVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
        if (parsed.name === 'fluss-commissioner' && typeof parsed.version === 'string') return parsed.version;
      } catch {
        // not ours, or unreadable: keep looking
      }
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
