/**
 * The invite file (issue 11, item 6): what a shared user needs to reach one intercom from their own
 * computer. Everything but the user key travels in clear (the device's id, name and pinned identity key,
 * the shared user's random id and the owner's label); the user key is sealed with AES-256-GCM under a key
 * derived with scrypt from a one-time passphrase. The AES-GCM additional data is the whole header (every
 * field but the ciphertext and tag), so changing any field makes the invite fail to open.
 */
import { z } from 'zod';
import { deviceIdSchema, userIdSchema } from '../protocol/messages';

export const INVITE_FORMAT = 'fluss-invite';
export const INVITE_VERSION = 1;
/** Longest invite file accepted: a real one is well under 2 KB; anything larger is not an invite. */
export const MAX_INVITE_BYTES = 16 * 1024;

const base64 = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/)
    .refine((s) => Buffer.from(s, 'base64').length === bytes, `${bytes} bytes, base64`);

/** A shared user's label on the owner's computer ("Ben, caretaker"): shown in lists, never sent to the device. */
export const userLabelSchema = z
  .string()
  .trim()
  .min(1, 'a label is at least one character')
  .max(32, 'a label is at most 32 characters')
  .refine((s) => !/\p{Cc}/u.test(s), 'a label has no control characters');

/**
 * scrypt's cost is fixed by the format (a file cannot ask for more memory or time than this): N = 2^15,
 * r = 8, p = 1, about 32 MiB and a tenth of a second per guess.
 */
export const SCRYPT = { N: 32768, r: 8, p: 1 } as const;

export const inviteSchema = z.strictObject({
  format: z.literal(INVITE_FORMAT),
  version: z.literal(INVITE_VERSION),
  createdAt: z.iso.datetime(),
  device: z.strictObject({
    deviceId: deviceIdSchema,
    name: z.string().min(1).max(64),
    identityKey: z.string().regex(/^[0-9a-f]{64}$/, "the device's identity key is 64 hex digits"),
  }),
  user: z.strictObject({ userId: userIdSchema, role: z.literal('shared'), label: userLabelSchema }),
  seal: z.strictObject({
    kind: z.literal('passphrase'),
    kdf: z.literal('scrypt'),
    N: z.literal(SCRYPT.N),
    r: z.literal(SCRYPT.r),
    p: z.literal(SCRYPT.p),
    salt: base64(16),
    /** Tells a wrong passphrase from a changed file: HMAC of a fixed text under a key derived beside the AES key. */
    check: base64(32),
    nonce: base64(12),
    ciphertext: base64(32),
    tag: base64(16),
  }),
});

export type Invite = z.infer<typeof inviteSchema>;
export type InviteHeader = Omit<Invite, 'seal'> & { seal: Omit<Invite['seal'], 'ciphertext' | 'tag'> };

/**
 * The AES-GCM additional data: every header field, in a fixed order (not JSON key order, which an editor
 * may change without changing meaning), so an edit to any of them is caught.
 */
export function inviteAad(header: InviteHeader): Buffer {
  const { device, user, seal } = header;
  return Buffer.from(
    JSON.stringify([
      header.format,
      header.version,
      header.createdAt,
      device.deviceId,
      device.name,
      device.identityKey,
      user.userId,
      user.role,
      user.label,
      seal.kind,
      seal.kdf,
      seal.N,
      seal.r,
      seal.p,
      seal.salt,
      seal.check,
      seal.nonce,
    ]),
    'utf8',
  );
}
