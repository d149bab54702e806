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
  const csv = join(work, 'findings.csv');
  const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json', { paths: [root] })), 'dist/index.js');
  const run = spawnSync(process.execPath, [cli, '-i', work, '-r', '-v', 'false', '-e', electronVersion, '-o', csv], { encoding: 'utf8', timeout: 120_000 });
  if (!existsSync(csv)) {
    console.error(run.stdout, run.stderr);
    console.error('lint:electron: electronegativity produced no report.');
    process.exit(1);
  }
  const findings = parseCsv(readFileSync(csv, 'utf8')).map((row) => ({ check: row[0] ?? '', severity: row[1] ?? '', file: row[3] ?? '', location: row[4] ?? '', description: row[6] ?? '' }));
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

/** The report is CSV: quoted fields may hold commas, newlines and doubled quotes. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell.trim());
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.trim());
      if (row.some((c) => c !== '')) rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  row.push(cell.trim());
  if (row.some((c) => c !== '')) rows.push(row);
  return rows.slice(1); // the header
}
