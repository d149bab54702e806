/* global console, process */
/**
 * `npm run lint:electron`: runs @doyensec/electronegativity over the sources (electron/) and the built
 * app (out/main, out/preload, out/renderer) and fails on any finding that is neither fixed nor
 * explained in electronegativity.json beside this file.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const config = JSON.parse(readFileSync(join(root, 'resources/build/electronegativity.json'), 'utf8'));
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json', { paths: [root] }), 'utf8')).version;

const built = ['out/main', 'out/preload', 'out/renderer'];
const missing = built.filter((dir) => !existsSync(join(root, dir)));
if (missing.length > 0) {
  console.error(`lint:electron: ${missing.join(', ')} missing; run \`npm run build\` first.`);
  process.exit(1);
}

// One scan over a copy of exactly what ships and its sources (out/cli is the command line, not the app).
const work = mkdtempSync(join(tmpdir(), 'fluss-electronegativity-'));
try {
  cpSync(join(root, 'electron'), join(work, 'electron'), { recursive: true });
  for (const dir of built) cpSync(join(root, dir), join(work, dir), { recursive: true });
  // SARIF, not CSV: electronegativity writes its CSV rows concurrently and sometimes garbles them.
  const report = join(work, 'findings.sarif');
  const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json', { paths: [root] })), 'dist/index.js');
  const run = spawnSync(process.execPath, [cli, '-i', work, '-r', '-v', 'false', '-e', electronVersion, '-o', report], { encoding: 'utf8', timeout: 120_000 });
  if (!existsSync(report)) {
    console.error(run.stdout, run.stderr);
    console.error('lint:electron: electronegativity produced no report.');
    process.exit(1);
  }
  const findings = JSON.parse(readFileSync(report, 'utf8')).runs.flatMap((r) => r.results ?? []).map((result) => {
    const where = result.locations?.[0]?.physicalLocation ?? {};
    return {
      check: result.ruleId ?? '',
      severity: result.level ?? '',
      file: where.artifactLocation?.uri ?? '',
      location: `${where.region?.startLine ?? '?'}:${where.region?.startColumn ?? '?'}`,
      description: result.message?.text ?? '',
    };
  });
  const explanation = (f) => config.explained.find((e) => e.check === f.check && (e.file === undefined || f.file.endsWith(e.file)));
  const unexplained = findings.filter((f) => !explanation(f));
  for (const f of findings) {
    const why = explanation(f);
    console.log(`${why ? 'explained' : 'FINDING  '} ${f.check} (${f.severity}) ${f.file}:${f.location}${why ? '' : ` - ${f.description}`}`);
  }
  if (unexplained.length > 0) {
    console.error(`lint:electron: ${unexplained.length} finding(s) neither fixed nor explained in resources/build/electronegativity.json.`);
    process.exit(1);
  }
  console.log(`lint:electron: ${findings.length} finding(s), all explained; electron/ and out/ scanned.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
