/**
 * Parsing and validating command-line values: a CLI argument is a boundary like any other, so each one
 * is checked here and refused with the rule it broke, before any radio work starts. The values checked
 * against the protocol's schemas live here (loading them loads zod: commands import this lazily); the
 * plain numbers live in numberArgs.ts, which `fluss --help` can afford.
 */
import { FlussError } from '../protocol/errors';
import { codeIdSchema, userIdSchema } from '../protocol/messages';
import { setupKeyText } from '../sim/siteFile';

export * from './numberArgs';

export function parseSetupKey(text: string): Uint8Array {
  const parsed = setupKeyText.safeParse(text);
  if (!parsed.success) throw new FlussError('INVALID_VALUE', 'That setup key is not valid: it is 32 hex digits, as printed on the intercom\'s label.', 'Type it again exactly as on the label (dashes are optional).');
  return new Uint8Array(Buffer.from(parsed.data, 'hex'));
}

export function parseCodeId(text: string): string {
  const parsed = codeIdSchema.safeParse(text.trim().toLowerCase());
  if (!parsed.success) throw new FlussError('INVALID_VALUE', `"${text}" is not a code id: a code id is 8 hex digits.`, 'Run `fluss codes list <device>` to see the ids.');
  return parsed.data;
}

export function parseUserId(text: string): string {
  const parsed = userIdSchema.safeParse(text);
  if (!parsed.success) throw new FlussError('INVALID_VALUE', `"${text}" is not a valid user id: use lower-case letters, digits, ".", "_" or "-" (up to 32).`);
  return parsed.data;
}

