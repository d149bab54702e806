/**
 * What one fuzz target is: a decoder's seeds (valid inputs that mutation starts from) and how one input
 * runs through it. A target throws only when the decoder broke its promise; a decoder that returns a
 * malformed Result (not ok/value or ok/error with a known code) is reported by `run` as a problem string.
 */
import { ERROR_CODES, FlussError } from '../../electron/protocol/errors';

export interface FuzzTarget {
  readonly name: string;
  /** Valid inputs of the decoder (at least one). */
  readonly seeds: readonly Uint8Array[];
  /**
   * Its share of a run's inputs relative to the others (default 1). Targets that do public-key work or
   * touch the disk per input get less, so a run's time is spread evenly and CI's 50,000 stay quick.
   */
  readonly weight?: number;
  /** Runs one input; returns a problem when the decoder's answer broke its contract, else undefined. */
  run(input: Uint8Array): string | undefined | Promise<string | undefined>;
  /** What the decoder documents it may throw (e.g. FlussError from a loader); by default nothing. */
  allowed?(thrown: unknown): boolean;
  /** Releases temp files and timers. */
  close?(): void;
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);

/** A problem when `result` is not a well-formed Result ({ok:true,value} or {ok:false,error:{code,message}}). */
export function resultProblem(result: unknown, what: string): string | undefined {
  if (typeof result !== 'object' || result === null) return `${what} returned ${typeof result}, not a Result`;
  const r = result as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'value' in r ? undefined : `${what} returned ok without a value`;
  if (r.ok !== false) return `${what} returned a Result without ok`;
  if (typeof r.error?.code !== 'string' || !KNOWN_CODES.has(r.error.code)) return `${what} failed with an unknown code ${String(r.error?.code)}`;
  if (typeof r.error.message !== 'string' || r.error.message.length === 0) return `${what} failed without a message`;
  return undefined;
}

/** The first problem among several Results. */
export function firstProblem(...problems: (string | undefined)[]): string | undefined {
  return problems.find((p) => p !== undefined);
}

/** For loaders whose contract is "returns, or throws a FlussError that says what to do". */
export const flussErrorsOnly = (thrown: unknown): boolean => thrown instanceof FlussError;

const encoder = new TextEncoder();
export const text = (value: string): Uint8Array => encoder.encode(value);
export const json = (value: unknown): Uint8Array => text(JSON.stringify(value));
/** Lossy: invalid UTF-8 becomes U+FFFD, as readFileSync(path, 'utf8') and a WebSocket text frame would make it. */
export const asText = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/** `value`, or a thrown Error naming what was missing (for building seeds, never for inputs). */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`fuzz seed: ${what} is missing`);
  return value;
}
