/**
 * The one error model of the app, shared by the wire protocol, the device models, the core and every shell.
 * Errors travel as data ({ code, message, hint }) because Electron strips custom fields from thrown errors
 * across IPC, and because a device reply must say *why* in a way a technician understands.
 */
export const ERROR_CODES = [
  // Input and rules
  'INVALID_VALUE',
  'INVALID_ARGUMENT',
  'NO_ENTRY_DEVICE',
  'MAX_USERS_REACHED',
  'STALE_REVISION',
  'CODE_NOT_FOUND',
  'USER_NOT_FOUND',
  'USER_EXISTS',
  // Identity and permission
  'NOT_AUTHORIZED',
  'AUTH_FAILED',
  'NOT_GENUINE',
  'IDENTITY_MISMATCH',
  'CREDENTIAL_EXISTS',
  'NOT_CLAIMED',
  'ALREADY_CLAIMED',
  'NO_CREDENTIALS',
  'KEYPAD_LOCKED',
  // Devices and links
  'DEVICE_NOT_FOUND',
  'GATE_UNREACHABLE',
  'DISCONNECTED',
  'TIMEOUT',
  'ABORTED',
  'ADAPTER_UNAVAILABLE',
  // Another program holds the radio (an HCI UART port opened by another fluss run or app).
  'ADAPTER_BUSY',
  // Bytes on the wire
  'PROTOCOL_ERROR',
  'DECRYPT_FAILED',
  'REPLAY',
  'MESSAGE_TOO_LARGE',
  // Local files
  'CORRUPT_FILE',
  'IO_ERROR',
  'TEST_FIRE_FAILED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as plain data: what crosses the wire, IPC and the CLI's --json output. */
export interface ErrorData {
  code: ErrorCode;
  /** What happened, in words a technician understands. Never contains code digits or keys. */
  message: string;
  /** What to do next. */
  hint?: string;
}

/** The one thrown error type. Everything else is wrapped into it at the boundary where it is caught. */
export class FlussError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FlussError';
    this.code = code;
    this.hint = hint;
  }

  toData(): ErrorData {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }

  static fromData(data: ErrorData): FlussError {
    return new FlussError(data.code, data.message, data.hint);
  }
}

/** Turns anything thrown into a FlussError without losing the original as `cause`. */
export function toFlussError(thrown: unknown): FlussError {
  if (thrown instanceof FlussError) return thrown;
  if (thrown instanceof Error && thrown.name === 'AbortError') {
    return new FlussError('ABORTED', 'The operation was cancelled.', undefined, { cause: thrown });
  }
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return new FlussError('INTERNAL', `Unexpected error: ${detail}`, 'Try again; if it persists, send the log to support.', {
    cause: thrown,
  });
}

/** A result as data, for APIs that must not throw (decoders, IPC handlers). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, message: string, hint?: string): Result<T> => ({
  ok: false,
  error: hint === undefined ? { code, message } : { code, message, hint },
});
