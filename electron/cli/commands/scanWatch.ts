/**
 * `fluss scan --watch`: a live view of what advertises nearby until Ctrl+C (or --seconds). People get
 * the table redrawn in place on a terminal (and reprinted on each change otherwise); --json gives one
 * JSON line per change, each the whole list, so a script can read it line by line.
 */
import { Scanner, type ScannedDevice } from '../../core/scanner';
import type { Transport } from '../../transport/transport';
import type { Output } from '../output';
import { humanScan, scanEntry } from './scanView';

/** Redraw at most this often: a busy site sends hundreds of reports a second. */
const REDRAW_MS = 250;
const CLEAR_SCREEN = '\x1b[H\x1b[2J';

export async function watchScan(transport: Transport, out: Output, options: { shown: (d: ScannedDevice) => boolean; maxMs?: number }): Promise<void> {
  const scanner = new Scanner(transport, { coalesceMs: REDRAW_MS });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const timer = options.maxMs === undefined ? undefined : setTimeout(onSignal, options.maxMs);
  let shownBefore: string | undefined;
  scanner.onChange((devices) => {
    const listed = devices.filter(options.shown);
    // A change is a device appearing, leaving, or changing name or state; signal alone redraws only a terminal.
    const shape = JSON.stringify(listed.map((d) => [d.key, d.kind, d.name, d.claimed, d.firmware]));
    const changed = shape !== shownBefore;
    shownBefore = shape;
    if (out.json) {
      if (changed) out.line({ devices: listed.map(scanEntry) }, () => '');
    } else if (out.interactive) {
      out.line(undefined, () => `${CLEAR_SCREEN}${humanScan(listed, devices.length - listed.length)}\n\nWatching; Ctrl+C stops.`);
    } else if (changed) {
      out.line(undefined, () => `${humanScan(listed, devices.length - listed.length)}\n`);
    }
  });
  try {
    await scanner.start(stop.signal);
    out.progress('Watching; Ctrl+C stops.');
    await new Promise<void>((resolve) => {
      if (stop.signal.aborted) resolve();
      stop.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await scanner.stop();
  }
}
