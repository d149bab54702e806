import { FlussError } from '../protocol/errors';

/** Whether an error leaves the outcome of a request unknown: the link dropped or no reply came. */
export function isLinkLoss(error: unknown): boolean {
  return error instanceof FlussError && (error.code === 'TIMEOUT' || error.code === 'DISCONNECTED');
}
