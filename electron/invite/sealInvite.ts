/**
 * Making and opening invites: scrypt (node:crypto) turns the passphrase into 64 bytes, the first 32 the
 * AES-256-GCM key that seals the user key, the last 32 the key of a check value that tells a wrong
 * passphrase from a changed file. Every failure is a FlussError saying which of the three it was.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { FlussError } from '../protocol/errors';
import { INVITE_FORMAT, INVITE_VERSION, MAX_INVITE_BYTES, SCRYPT, inviteAad, inviteSchema, type Invite, type InviteHeader } from './inviteFormat';
import { normalizePassphrase } from './passphrase';

const CHECK_TEXT = 'fluss-invite passphrase check';

export interface InviteContent {
  deviceId: string;
  deviceName: string;
  identityKey: Uint8Array;
  userId: string;
  label: string;
  key: Uint8Array;
}

/** What an opened invite gives: the credential to file, and what to tell the person importing it. */
export interface OpenedInvite {
  deviceId: string;
  deviceName: string;
  identityKey: Uint8Array;
  userId: string;
  label: string;
  role: 'shared';
  key: Uint8Array;
}

function deriveKeys(passphrase: string, salt: Buffer): Promise<{ aesKey: Buffer; checkKey: Buffer }> {
  return new Promise((resolve, reject) => {
    // maxmem: 128 * N * r is exactly 32 MiB, Node's default limit; allow twice that.
    scrypt(normalizePassphrase(passphrase), salt, 64, { ...SCRYPT, maxmem: 64 * 1024 * 1024 }, (error, derived) => {
      if (error) reject(error);
      else resolve({ aesKey: derived.subarray(0, 32), checkKey: derived.subarray(32) });
    });
  });
}

const checkValue = (checkKey: Buffer) => createHmac('sha256', checkKey).update(CHECK_TEXT).digest();

/** Seals `content.key` under `passphrase` and returns the invite (an object; JSON.stringify it to write). */
export async function sealInvite(content: InviteContent, passphrase: string, now = new Date()): Promise<Invite> {
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const { aesKey, checkKey } = await deriveKeys(passphrase, salt);
  const header: InviteHeader = {
    format: INVITE_FORMAT,
    version: INVITE_VERSION,
    createdAt: now.toISOString(),
    device: { deviceId: content.deviceId, name: content.deviceName, identityKey: Buffer.from(content.identityKey).toString('hex') },
    user: { userId: content.userId, role: 'shared', label: content.label },
    seal: { kind: 'passphrase', kdf: 'scrypt', ...SCRYPT, salt: salt.toString('base64'), check: checkValue(checkKey).toString('base64'), nonce: nonce.toString('base64') },
  };
  const cipher = createCipheriv('aes-256-gcm', aesKey, nonce);
  cipher.setAAD(inviteAad(header));
  const ciphertext = Buffer.concat([cipher.update(content.key), cipher.final()]);
  return { ...header, seal: { ...header.seal, ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') } };
}

/** Parses an invite file's text; a malformed one is refused with what is wrong. */
export function parseInvite(text: string): Invite {
  if (Buffer.byteLength(text, 'utf8') > MAX_INVITE_BYTES) {
    throw new FlussError('INVALID_VALUE', 'That file is not a Fluss+ invite: it is far too large.', 'Ask the owner of the intercom for the invite file again.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new FlussError('INVALID_VALUE', 'That file is not a Fluss+ invite: it is not JSON.', 'Choose the .fluss-invite.json file the owner gave you.');
  }
  const parsed = inviteSchema.safeParse(json);
  if (!parsed.success) {
    const format = (json as { format?: unknown; version?: unknown } | null)?.format;
    const version = (json as { version?: unknown } | null)?.version;
    if (format === INVITE_FORMAT && version !== INVITE_VERSION) {
      throw new FlussError('INVALID_VALUE', `This invite is of version ${String(version)}, which this app does not read.`, 'Update the Fluss+ Commissioner, or ask the owner for a new invite.');
    }
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'unknown field';
    throw new FlussError('INVALID_VALUE', `That file is not a valid Fluss+ invite (${where}).`, 'Ask the owner of the intercom for the invite file again.');
  }
  return parsed.data;
}

/**
 * Opens an invite with its passphrase.
 * @throws FlussError INVALID_VALUE: a malformed file, a wrong passphrase, or a file changed after it was
 * made (each said apart).
 */
export async function openInvite(text: string, passphrase: string): Promise<OpenedInvite> {
  const invite = parseInvite(text);
  const { seal } = invite;
  const { aesKey, checkKey } = await deriveKeys(passphrase, Buffer.from(seal.salt, 'base64'));
  if (!timingSafeEqual(checkValue(checkKey), Buffer.from(seal.check, 'base64'))) {
    throw new FlussError('INVALID_VALUE', 'That passphrase does not open this invite.', 'Type the passphrase the owner gave you with this invite (dashes and case do not matter).');
  }
  const { ciphertext, tag, ...headerSeal } = seal;
  const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(seal.nonce, 'base64'));
  decipher.setAAD(inviteAad({ ...invite, seal: headerSeal }));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  let key: Buffer;
  try {
    key = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new FlussError('INVALID_VALUE', 'This invite was changed after the owner made it, so it cannot be trusted.', 'Ask the owner of the intercom for a new invite.');
  }
  return {
    deviceId: invite.device.deviceId,
    deviceName: invite.device.name,
    identityKey: new Uint8Array(Buffer.from(invite.device.identityKey, 'hex')),
    userId: invite.user.userId,
    label: invite.user.label,
    role: 'shared',
    key: new Uint8Array(key),
  };
}
