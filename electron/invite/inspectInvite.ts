/**
 * What an invite is for, read before its passphrase is asked: the app's Import access shows "Invite for
 * Ben, caretaker to Front Door" as soon as a file or QR picture is chosen, and refuses one that is not an
 * invite at once. The check is the invite file's own schema (parseInvite): text from a QR code is trusted
 * no more than a file.
 */
import { FlussError } from '../protocol/errors';
import { parseInvite } from './sealInvite';

/** Where the invite's text came from: the invite file, or a picture of its QR code. */
export type InviteSource = 'file' | 'qr';

export interface InviteSummary {
  deviceId: string;
  deviceName: string;
  label: string;
  createdAt: string;
}

/**
 * Parses `text` as an invite; from a QR code, any text that is not one (a web address, "hello", another
 * app's code) is said in those words. An invite of another version keeps its own message: it is one.
 * @throws FlussError INVALID_VALUE.
 */
export function checkInviteText(text: string, source: InviteSource): ReturnType<typeof parseInvite> {
  try {
    return parseInvite(text);
  } catch (error) {
    if (source === 'qr' && error instanceof FlussError && !/of version/.test(error.message)) {
      throw new FlussError('INVALID_VALUE', 'This QR code is not a Fluss+ invite.', 'Ask the owner of the intercom for the invite file or its QR code again.', { cause: error });
    }
    throw error;
  }
}

/** The invite's clear header, for the person to confirm before typing the passphrase. */
export function inspectInvite(text: string, source: InviteSource): InviteSummary {
  const invite = checkInviteText(text, source);
  return { deviceId: invite.device.deviceId, deviceName: invite.device.name, label: invite.user.label, createdAt: invite.createdAt };
}
