/**
 * Opening a gate session for test-fire: authenticated at once, since a gate sends its relay events only to
 * an authenticated session (AUTH travels with a request). Nothing is asked of the gate yet, so a link lost
 * while opening is simply opened again (sessionKeeper.ts; link issue #8, item 4).
 */
import type { GateSession } from './deviceSession';
import { SessionKeeper } from './sessionKeeper';

/** An authenticated session with the gate `gateId`, opened again while its link drops before it is ready. */
export async function openAuthenticatedGate(
  connectGate: (gateId: string, signal: AbortSignal) => Promise<GateSession>,
  gateId: string,
  callerSignal: AbortSignal | undefined,
): Promise<GateSession> {
  const signal = callerSignal ?? new AbortController().signal;
  const keeper = await SessionKeeper.open(
    async () => {
      const gate = await connectGate(gateId, signal);
      try {
        await gate.authenticate({ signal });
        return gate;
      } catch (error) {
        await gate.close();
        throw error;
      }
    },
    { signal },
  );
  return keeper.session;
}
