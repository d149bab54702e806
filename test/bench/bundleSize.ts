/**
 * The renderer's bundle sizes (issue 7, item 8: initial JS at most 100 KB gzipped). "Initial" is what
 * index.html loads before the first screen can paint: its module scripts and the chunks they
 * modulepreload; lazily imported chunks are counted apart. Reads out/renderer, so `npm run build` first.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSizes {
  initialJsBytes: number;
  initialJsGzipBytes: number;
  lazyJsBytes: number;
  lazyJsGzipBytes: number;
  cssBytes: number;
  /** Source maps shipped beside the renderer (should be none: they stay out of the package). */
  sourceMaps: number;
}

/** The figures for a built renderer folder, or undefined when it has not been built. */
export function bundleSizes(dir = 'out/renderer'): BundleSizes | undefined {
  const html = join(dir, 'index.html');
  if (!existsSync(html)) return undefined;
  const page = readFileSync(html, 'utf8');
  const referenced = new Set([...page.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? ''));
  const assets = readdirSync(join(dir, 'assets'));
  const sizes = { initialJsBytes: 0, initialJsGzipBytes: 0, lazyJsBytes: 0, lazyJsGzipBytes: 0, cssBytes: 0, sourceMaps: 0 };
  for (const name of assets) {
    const bytes = readFileSync(join(dir, 'assets', name));
    if (name.endsWith('.map')) sizes.sourceMaps += 1;
    else if (name.endsWith('.css')) sizes.cssBytes += bytes.length;
    else if (name.endsWith('.js')) {
      const initial = referenced.has(`assets/${name}`);
      const gz = gzipSync(bytes, { level: 9 }).length;
      if (initial) {
        sizes.initialJsBytes += bytes.length;
        sizes.initialJsGzipBytes += gz;
      } else {
        sizes.lazyJsBytes += bytes.length;
        sizes.lazyJsGzipBytes += gz;
      }
    }
  }
  return sizes;
}
