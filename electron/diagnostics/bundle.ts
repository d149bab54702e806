/**
 * The diagnostics bundle: one zip (fflate) for support with the operations logs, the BLE traces of
 * recent sessions (btsnoop), the audit logs read, `fluss doctor`'s checks and the app, OS and binding
 * versions. It is redacted twice: what goes into the logs and traces never held digits or keys
 * (operationLog.ts, redact.ts, auditReads.ts), and every text file is scrubbed again here for anything
 * shaped like a setup key or a user key, in case a future log line slips.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { pseudonym } from './auditReads';
import { decodeBtsnoop } from './btsnoop';

export interface BundleSources {
  /** Folders whose logs, traces and audit reads go in (missing folders are skipped). */
  logDirs: string[];
  /** Single files to add too (the browser host's logs beside a --sim-state file). */
  files?: string[];
  /** `fluss doctor`'s checks, as text and as data. */
  doctor: () => Promise<{ text: string; data: unknown }>;
  versions: Record<string, string>;
}

export interface Bundle {
  zip: Uint8Array;
  /** Names of the files in the zip. */
  entries: string[];
}

/** Files of a logs folder that belong in a bundle. */
const WANTED = /(\.log|\.log\.1|\.btsnoop|\.btsnoop\.1|audit-read\.jsonl(\.1)?)$/;
/** Files larger than this are cut to their last part (the recent end is what support reads). */
const MAX_FILE_BYTES = 4_000_000;

export async function buildBundle(sources: BundleSources, now = new Date()): Promise<Bundle> {
  const zip: Zippable = {};
  const add = (name: string, bytes: Uint8Array): string => {
    let unique = name;
    for (let i = 2; unique in zip; i++) unique = name.replace(/(\.[^.]+)?$/, `-${i}$1`);
    zip[unique] = bytes;
    return unique;
  };
  const found = [...sources.logDirs.flatMap(listWanted), ...(sources.files ?? []).filter((f) => existsSync(f))];
  const notes: string[] = [];
  for (const path of found) {
    const name = basename(path);
    const bytes = tail(path);
    if (/\.btsnoop(\.1)?$/.test(name)) {
      // A trace file is checked before it goes in: support's tools must be able to open it.
      const records = decodeBtsnoop(bytes);
      if (records === undefined) continue;
      const entry = add(`traces/${name.replace(/\.btsnoop\.1$/, '.older.btsnoop')}`, bytes);
      // Wireshark and tshark do not show btsnoop's drops field: say it here.
      const drops = records.at(-1)?.drops ?? 0;
      if (drops > 0) notes.push(`${entry}: ${drops} packets were left out (the radio process sent them faster than the app could write them).`);
    } else if (/audit-read/.test(name)) add(`audit/${name}`, strToU8(scrub(new TextDecoder().decode(bytes))));
    else add(`logs/${name}`, strToU8(scrub(new TextDecoder().decode(bytes))));
  }
  const doctor = await sources.doctor().catch((error: unknown) => ({ text: `fluss doctor could not run: ${error instanceof Error ? error.message : String(error)}`, data: null }));
  add('doctor.txt', strToU8(scrub(doctor.text)));
  add('doctor.json', strToU8(scrub(JSON.stringify(doctor.data, null, 2))));
  add('versions.json', strToU8(scrub(JSON.stringify({ createdAt: now.toISOString(), ...sources.versions }, null, 2))));
  add('README.txt', strToU8(readme(Object.keys(zip), notes)));
  return { zip: zipSync(zip, { level: 6, mtime: now }), entries: Object.keys(zip) };
}

/**
 * Blanks anything shaped like a key: 32+ hex digits (setup keys, with or without dashes) and 32-byte
 * base64; and replaces a user id an error message quotes (`user "anna"`) by its pseudonym, as the audit
 * reads do.
 */
export function scrub(text: string): string {
  return text
    .replace(/(user \\?")([a-z0-9][a-z0-9._-]{0,31})(\\?")/g, (_m, open: string, id: string, close: string) => `${open}${pseudonym(id)}${close}`)
    .replace(/\b[0-9a-f]{4}(?:-?[0-9a-f]{4}){7,}\b/gi, '[redacted key]')
    .replace(/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])/g, '[redacted key]');
}

function listWanted(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => WANTED.test(f))
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile());
}

function tail(path: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(path));
  if (bytes.length <= MAX_FILE_BYTES) return bytes;
  // A btsnoop file cut in the middle would lose its header: keep traces whole (they roll at 2 MB anyway).
  return path.includes('.btsnoop') ? bytes : bytes.slice(bytes.length - MAX_FILE_BYTES);
}

function readme(entries: string[], notes: string[]): string {
  return [
    'Fluss+ Commissioner diagnostics bundle',
    '',
    'logs/      operations logs: one JSON line per operation (what, which device, how long, outcome).',
    'traces/    BLE traces of recent sessions in btsnoop format (HCI UART, H4): open with Wireshark,',
    '           `tshark -r <file> -Y btatt` or `btmon -r <file>`. On HCI and HCI UART bindings they hold the',
    '           host-controller traffic; elsewhere a GATT-level log written as the ATT packets it stands for.',
    '           Attribute values are blanked (zeros): the trace shows the flow and timing, never the content.',
    'audit/     the audit logs read from intercoms, with user ids replaced by pseudonyms.',
    'doctor.*   the checks of `fluss doctor`.',
    'versions.json  app, OS, Node/Electron and Bluetooth binding versions.',
    '',
    'No code digits, setup keys or user keys are in this bundle.',
    '',
    ...(notes.length === 0 ? [] : ['Notes:', ...notes.map((n) => `  ${n}`), '']),
    'Files:',
    ...entries.map((e) => `  ${e}`),
    '',
  ].join('\n');
}
