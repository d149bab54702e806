/**
 * What the CLI prints: results on stdout (human text, or one JSON document with --json), progress and
 * errors on stderr. Nothing here ever prints a key; code digits appear only as the result of `codes create`.
 */
import type { ErrorData } from '../protocol/errors';

export interface Output {
  readonly json: boolean;
  /** stdout is a terminal (a live view may redraw in place). */
  readonly interactive: boolean;
  /** The command's result: `human` for people, `data` for --json. */
  result(data: unknown, human: () => string): void;
  /** One update of a live view (`scan --watch`): one JSON line with --json, else `human` as it is. */
  line(data: unknown, human: () => string): void;
  progress(line: string): void;
  warn(line: string): void;
  error(error: ErrorData): void;
}

export function createOutput(json: boolean, stdout = process.stdout, stderr = process.stderr): Output {
  // --json promises exactly one document on stdout: an error after a result (a failed test-fire's
  // report) goes to stderr only.
  let printed = false;
  return {
    json,
    interactive: (stdout as { isTTY?: boolean }).isTTY === true,
    result(data, human) {
      printed = true;
      stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
    },
    line(data, human) {
      printed = true;
      stdout.write(json ? `${JSON.stringify(data)}\n` : `${human()}\n`);
    },
    progress(line) {
      stderr.write(`${line}\n`);
    },
    warn(line) {
      stderr.write(`warning: ${line}\n`);
    },
    error(error) {
      if (json && !printed) stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
      stderr.write(`fluss: ${error.message}${error.hint ? ` ${error.hint}` : ''}\n`);
    },
  };
}

/** Left-aligned columns for human output. */
export function table(rows: string[][]): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

export function formatDuration(ms: number): string {
  if (ms < 0) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}
