/**
 * Saving One Time Access Settings: one atomic request with the full settings and the revision they were
 * based on, retried with the same request id when a reply is lost (the device applies it exactly once),
 * then read back and compared. "No response is not proof it did not execute."
 */
import { FlussError } from '../protocol/errors';
import { accessSettingsSchema, type AccessSettings, type SettingsSnapshot } from '../protocol/messages';
import { MAX_USERS_RULE, INVITE_DURATION_RULE } from '../protocol/accessRules';
import type { OperationOptions } from './deadline';
import type { IntercomSession } from './deviceSession';
import type { SessionKeeper } from './sessionKeeper';
import { confirmedChange, retryOnLinkLoss } from './confirmedChange';
import { newRequestId } from './idempotentRequest';
import { isLinkLoss } from './linkLoss';
import { sameSettings } from './readBacks';

export { isLinkLoss, retryOnLinkLoss, sameSettings };

export type SettingsChange = Partial<AccessSettings>;

/** Applies a change to the current settings, refusing values the device would refuse, with its words. */
export function applySettingsChange(current: AccessSettings, change: SettingsChange): AccessSettings {
  const next = { ...current, ...change };
  const parsed = accessSettingsSchema.safeParse(next);
  if (parsed.success) return parsed.data;
  const field = parsed.error.issues[0]?.path[0];
  const message =
    field === 'maxUsers'
      ? MAX_USERS_RULE
      : field === 'inviteDurationHours'
        ? INVITE_DURATION_RULE
        : `${String(field)} is not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}.`;
  throw new FlussError('INVALID_VALUE', message, 'Choose one of the allowed values.');
}

export interface SaveProgress {
  phase: 'writing' | 'retrying' | 'verifying';
  attempt: number;
}

/**
 * Saves `settings` (based on `baseRevision`) and reads them back. When the reply does not come (the link
 * dropped, or the device went silent and the session was ended), it reconnects and asks again with the
 * same request id: the device applies the change at most once and repeats its original answer. When
 * every retry is lost, it reads back what the device holds (confirmedChange.ts). The read-back afterwards
 * reports the true outcome.
 */
export async function saveSettings(
  keeper: SessionKeeper<IntercomSession>,
  settings: AccessSettings,
  baseRevision: number,
  options: OperationOptions & { onProgress?: (progress: SaveProgress) => void } = {},
): Promise<SettingsSnapshot> {
  const saved = await confirmedChange(keeper, 'settings.set', { requestId: newRequestId(), baseRevision, settings }, options);
  options.onProgress?.({ phase: 'verifying', attempt: 0 });
  // The save is done; a link lost during the read-back is reconnected and read again, so the answer
  // reported is what the device holds, not "disconnected". If it cannot be read again, the device's own
  // reply to the save is the proof of what it holds.
  const readBack = await retryOnLinkLoss(keeper, options, () => keeper.session.getSettings(options)).catch((error: unknown) => {
    if (!isLinkLoss(error) || options.signal?.aborted) throw error;
    return saved;
  });
  if (readBack.revision === saved.revision && !sameSettings(readBack.settings, saved.settings)) {
    throw new FlussError(
      'PROTOCOL_ERROR',
      'The intercom reported the settings saved, but reading them back gave different values.',
      'Open One Time Access Settings again and check each value; contact support if it repeats.',
    );
  }
  return readBack;
}
