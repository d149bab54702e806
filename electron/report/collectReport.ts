/**
 * Reads what a report states from the devices themselves, after the test-fire: the intercom's identity,
 * its settings and active codes (one owner session), and each gate's identity (its info characteristic,
 * which needs no key). Every read is bounded by the core's timeouts.
 */
import type { Commissioner } from '../core/commissioner';
import type { OperationOptions } from '../core/deadline';
import type { IntercomSession } from '../core/deviceSession';
import type { DeviceInfo } from '../protocol/messages';
import { gatesOf, type ReportFacts } from './buildReport';

/** Reads the facts over `session` (already open as owner) and the gates through `readGateInfo`. */
export async function collectReportFacts(
  session: IntercomSession,
  readGateInfo: (gateId: string, options: OperationOptions) => Promise<DeviceInfo>,
  options: OperationOptions = {},
): Promise<ReportFacts> {
  const settings = await session.getSettings(options);
  const codes = await session.listCodes(options);
  const gates: DeviceInfo[] = [];
  for (const gateId of gatesOf(settings)) {
    // A gate out of range does not stop the report: the test-fire steps already say whether it opened.
    const info = await readGateInfo(gateId, options).catch(() => undefined);
    if (info) gates.push(info);
  }
  return { intercom: session.info, settings, gates, activeCodes: codes.filter((c) => c.state === 'active' || c.state === 'entered').length };
}

/** The same through a Commissioner (the CLI): one owner session for the intercom, then the gates. */
export function collectWithCommissioner(commissioner: Commissioner, intercom: string, options: OperationOptions = {}): Promise<ReportFacts> {
  return commissioner.withIntercom(intercom, { ...options, role: 'owner' }, (session) =>
    collectReportFacts(session, (gateId, o) => commissioner.readInfo(gateId, o), options),
  );
}
