/**
 * Link loss at every ACL packet of an operation (link issue #8, item 4): measure the operation once on a
 * clean link, then run it again with the link dropped after packet n, for every n. With `links` above one,
 * the retries' links are dropped at the same packet too, so the retry path runs more than once and the
 * "outcome unknown" branch (every retry lost: the app reads back what the device holds) is exercised.
 */
import { expect } from 'vitest';
import type { VirtualAir } from '../../electron/hci/air';
import type { AccessSettings, CodeSummary, Role } from '../../electron/protocol/messages';
import type { AirOptions } from '../../electron/hci/air';
import type { SimSite } from '../../electron/sim/simSite';
import { TEST_AIR } from './hciHarness';

/** What the app answered: its result, or the error it threw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** What an intercom's flash holds, read from the model (never over the air). */
export interface HeldState {
  settings: AccessSettings;
  codes: CodeSummary[];
  users: { userId: string; role: Role }[];
}

export function held(sim: SimSite, deviceId: string): HeldState {
  const state = sim.intercom(deviceId)?.snapshot().state;
  if (state === undefined) throw new Error(`No intercom ${deviceId} on the simulated site.`);
  return structuredClone(state) as unknown as HeldState;
}

/** The test air with a short supervision timeout: a lost link is noticed in 100 ms, so the drop loops stay quick. */
export const FAULT_AIR: AirOptions = { ...TEST_AIR, supervisionTimeoutMs: 100 };

export const addressOf = (deviceId: string) => deviceId.replace(/(..)(?!$)/g, '$1:');

export function settle<T>(work: Promise<T>): Promise<Outcome<T>> {
  return work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * Runs `operation` on a clean link to `deviceId` and returns the ACL packets its one link carried (both
 * directions): the range of n the fault loops cover. A first run warms the GATT cache (`warm: false` when
 * the operation can run only once), so the count is that of every later run.
 */
export async function cleanPackets(air: VirtualAir, deviceId: string, operation: () => Promise<unknown>, options: { warm?: boolean } = {}): Promise<number> {
  const address = addressOf(deviceId);
  if (options.warm !== false) await operation();
  const linksBefore = air.linkStats(address).length;
  await operation();
  const links = air.linkStats(address).slice(linksBefore);
  expect(links, 'a clean run makes exactly one link').toHaveLength(1);
  return links[0]?.aclPackets ?? 0;
}

export interface DropPlan<S, T> {
  /** The devices whose links are dropped (by device id); each gets the same fault. */
  deviceIds: string[];
  /** The highest n: the packets of a clean run. */
  packets: number;
  /** How many links in a row are dropped at packet n (1: only the first; more: the retries' links too). */
  links?: number;
  /** Run n = first, first + stride, …; 1 covers every packet. */
  stride?: number;
  first?: number;
  /** Runs on a clean link before each n is armed (say, making the code a revoke then revokes). */
  prepare?: () => Promise<void>;
  /** The device's state before each run (read from the model, not over the air). */
  before: () => S;
  /** The operation, as the app runs it. */
  run: (n: number) => Promise<T>;
  /** Asserts the state after the run against the state before and the app's answer. */
  check: (outcome: Outcome<T>, before: S, label: string) => void | Promise<void>;
}

/** For each n, drops the link(s) after packet n during `run`, then checks; returns the outcomes in order. */
export async function dropAtEachPacket<S, T>(air: VirtualAir, plan: DropPlan<S, T>): Promise<Outcome<T>[]> {
  const outcomes: Outcome<T>[] = [];
  const addresses = plan.deviceIds.map(addressOf);
  for (let n = plan.first ?? 1; n <= plan.packets; n += plan.stride ?? 1) {
    await plan.prepare?.();
    const started = performance.now();
    const before = plan.before();
    for (const address of addresses) air.faults.dropLinks.set(address, { links: plan.links ?? 1, afterAclPackets: n });
    const outcome = await settle(plan.run(n));
    for (const address of addresses) air.faults.dropLinks.delete(address);
    const label = `drop after packet ${n} of ${plan.packets}, ${plan.links ?? 1} link(s): ${outcome.ok ? 'ok' : String(outcome.error)}`;
    await plan.check(outcome, before, label);
    if (process.env.FLUSS_FAULT_TIMING) console.log(label, Math.round(performance.now() - started), 'ms');
    outcomes.push(outcome);
  }
  return outcomes;
}

/** The runs that failed, as "n: error", for an assertion that every run recovered. */
export function failures(outcomes: Outcome<unknown>[], first = 1, stride = 1): string[] {
  return outcomes.flatMap((o, i) => (o.ok ? [] : [`${first + i * stride}: ${String(o.error)}`]));
}

/** The "outcome unknown" errors (confirmedChange.ts): the device could not be reached again to read back. */
export const UNKNOWN_OUTCOME = /could not be reached again to check/;

/**
 * Drops in a row at each packet: one (the first retry recovers), every packet; three (the retries' links
 * dropped too: every attempt lost, so the app reads back what the device holds), every `retryStride`th
 * packet (1 for a code create and revoke, whose every packet is covered both ways); then, unless `unknown` is false,
 * twelve, more than the read-back's own retries, so the outcome stays unknown: every fourth packet from the
 * second, which includes the lost replies (the unknown branch is the same code for every op). Strides keep
 * the whole of test/hci/faults* under four minutes: a run whose retries' links are all dropped costs
 * seconds of reconnect backoff.
 */
export function dropPasses(retryStride = 1, unknown = true): { links: number; stride: number; first: number }[] {
  return [
    { links: 1, stride: 1, first: 1 },
    { links: 3, stride: retryStride, first: 1 },
    ...(unknown ? [{ links: 12, stride: 4, first: 2 }] : []),
  ];
}
