import { toFlussError, type ErrorCode } from '../protocol/errors';
import type { CliContext } from './context';
import type { Output } from './output';

/** Runs one command's work with a context that is always closed, and turns failures into an exit code. */
export type CliRunner = (work: (context: CliContext) => Promise<void>) => Promise<void>;

/** Exit codes a script can branch on; the message on stderr says the rest. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_VALUE':
    case 'INVALID_ARGUMENT':
      return 2;
    case 'DEVICE_NOT_FOUND':
      return 3;
    case 'NOT_AUTHORIZED':
    case 'AUTH_FAILED':
    case 'NO_CREDENTIALS':
    case 'NOT_CLAIMED':
    case 'ALREADY_CLAIMED':
      return 4;
    case 'TIMEOUT':
      return 5;
    case 'TEST_FIRE_FAILED':
      return 6;
    case 'ADAPTER_BUSY':
      return 7;
    default:
      return 1;
  }
}

export function createRunner(
  makeContext: () => Promise<CliContext>,
  onError: (error: ReturnType<typeof toFlussError>, context: CliContext | undefined) => void,
): CliRunner {
  return async (work) => {
    let context: CliContext | undefined;
    try {
      context = await makeContext();
      await work(context);
    } catch (thrown) {
      const error = toFlussError(thrown);
      onError(error, context);
      process.exitCode = exitCodeFor(error.code);
    } finally {
      await context?.close();
    }
  };
}

/** Runs a command that needs no radio context (`fluss doctor`, `fluss sim serve`), with the same error handling. */
export type PlainRunner = (work: (out: Output) => Promise<void>) => Promise<void>;

export function createPlainRunner(makeOutput: () => Output): PlainRunner {
  return async (work) => {
    const out = makeOutput();
    try {
      await work(out);
    } catch (thrown) {
      const error = toFlussError(thrown);
      out.error(error.toData());
      process.exitCode = exitCodeFor(error.code);
    }
  };
}
