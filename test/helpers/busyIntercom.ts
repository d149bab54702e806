/**
 * A busy intercom for paging tests (link issue #8, item 3): 500 ended and 50 live codes, or 1,000 audit
 * entries, made by asking the firmware model directly (fast), so the test can spend its time on reading
 * them back over the air, page by page.
 */
import type { DeviceModel, SessionIdentity } from '../../electron/firmware/types';
import type { ArgsOf, Op, Request, ResultOf } from '../../electron/protocol/messages';

const OWNER: SessionIdentity = { kind: 'user', userId: 'demo-owner', role: 'owner' };
let nextId = 1;
let nextRequest = 0x7000_0000;
const requestId = () => (nextRequest++).toString(16).padStart(32, '0');

async function ask<O extends Op>(model: DeviceModel, op: O, args: ArgsOf<O>): Promise<ResultOf<O>> {
  const reply = await model.handle({ id: nextId++, op, args } as unknown as Request, OWNER);
  if (!reply.ok) throw new Error(`${op} failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as ResultOf<O>;
}

/** Max Users 50, then `ended` codes created and revoked, then `live` codes left active. Returns the live ids. */
export async function fillCodes(model: DeviceModel, ended: number, live: number): Promise<string[]> {
  const { settings, revision } = await ask(model, 'settings.get', {});
  await ask(model, 'settings.set', { requestId: requestId(), baseRevision: revision, settings: { ...settings, maxUsers: 50 } });
  const liveIds: string[] = [];
  for (let i = 0; i < ended + live; i++) {
    const { code } = await ask(model, 'codes.create', { requestId: requestId() });
    if (i < ended) await ask(model, 'codes.revoke', { requestId: requestId(), codeId: code.codeId });
    else liveIds.push(code.codeId);
  }
  return liveIds;
}

/** Codes created and revoked until the audit log's newest seq is at least `entries`. */
export async function fillAudit(model: DeviceModel, entries: number): Promise<void> {
  const lastSeq = async () => (await ask(model, 'audit.read', { beforeSeq: Number.MAX_SAFE_INTEGER, limit: 1 })).lastSeq;
  while ((await lastSeq()) < entries) {
    const { code } = await ask(model, 'codes.create', { requestId: requestId() });
    await ask(model, 'codes.revoke', { requestId: requestId(), codeId: code.codeId });
  }
}
