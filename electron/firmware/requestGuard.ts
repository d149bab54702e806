/**
 * Defence in depth: the codec validates every request, but the device validates again before acting,
 * and refuses a broken rule with a message that names the allowed values (not a schema error).
 * Messages never echo digits or keys.
 */
import { fail, ok, type Result } from '../protocol/errors';
import { requestSchema, type Request } from '../protocol/messages';
import { checkSettings } from './settingsRules';
import { SETUP_USER_ID } from './users';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The request if it is well formed and follows the rules; INVALID_VALUE or INVALID_ARGUMENT otherwise. */
export function validateRequest(request: unknown): Result<Request> {
  const op = isRecord(request) ? request.op : undefined;
  const args = isRecord(request) && isRecord(request.args) ? request.args : {};
  if (op === 'settings.set') {
    const settings = checkSettings(args.settings);
    if (!settings.ok) return settings;
  }
  if (op === 'users.add') {
    if (args.role !== 'shared') {
      return fail('INVALID_VALUE', 'Only shared users can be added: an intercom has exactly one owner.', 'Add the user as shared.');
    }
    if (args.userId === SETUP_USER_ID) return reservedId();
  }
  if (op === 'claim' && args.ownerUserId === SETUP_USER_ID) return reservedId();
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
    const name = typeof op === 'string' ? op.slice(0, 40) : 'request';
    return fail('INVALID_ARGUMENT', `The ${name} request is malformed (${where.slice(0, 200)}).`, 'Update the app.');
  }
  return ok(parsed.data);
}

function reservedId(): Result<never> {
  return fail('INVALID_VALUE', 'The user id "setup" is reserved for the setup key.', 'Choose another user id.');
}
