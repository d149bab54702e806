/**
 * Opening a gate session for test-fire: a listening session (docs/protocol.md, "Listening sessions"): the
 * handshake proves the gate and the gate sends its relay events from then on, so nothing is asked of it
 * and no AUTH is sent (4 exchanges for a known gate). Since nothing has been sent, a link lost while
 * opening is simply opened again (sessionKeeper.ts; link issue #8, item 4).
 */
import type { GateSession } from './deviceSession';
import { SessionKeeper } from './sessionKeeper';

/** A listening session with the gate `gateId`, opened again while its link drops before it is ready. */
export async function openListeningGate(
  connectGate: (gateId: string, signal: AbortSignal) => Promise<GateSession>,
  gateId: string,
  callerSignal: AbortSignal | undefined,
): Promise<GateSession> {
  const signal = callerSignal ?? new AbortController().signal;
  const keeper = await SessionKeeper.open(() => connectGate(gateId, signal), { signal });
  return keeper.session;
}
