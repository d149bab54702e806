/**
 * The site file: which simulated devices exist, who their users are and how strong each one's signal is.
 * A site file is user input, so it is parsed with zod and every problem is reported with its path.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FlussError } from '../protocol/errors';
import { accessSettingsSchema, deviceIdSchema, roleSchema, userIdSchema } from '../protocol/messages';
import { MAX_NAME_BYTES } from '../protocol/gattProfile';
import { DEMO_SITE } from './demoSite';

const base64Key = (bytes: number) =>
  z
    .string()
    .refine((s) => /^[A-Za-z0-9+/]+={0,2}$/.test(s) && Buffer.from(s, 'base64').length === bytes, {
      message: `must be ${bytes} bytes in base64`,
    });

/** A setup key as printed on the label: 32 hex digits, dashes allowed. */
export const setupKeyText = z
  .string()
  .transform((s) => s.replace(/[-\s]/g, '').toLowerCase())
  .refine((s) => /^[0-9a-f]{32}$/.test(s), { message: 'a setup key is 32 hex digits (dashes allowed)' });

const shortName = z
  .string()
  .min(1)
  .refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_NAME_BYTES, { message: `at most ${MAX_NAME_BYTES} bytes` });

const hardwareFields = {
  deviceId: deviceIdSchema,
  name: shortName,
  serial: z.string().min(1).max(32),
  firmware: z.string().regex(/^\d{1,3}\.\d{1,3}\.\d{1,3}$/).default('1.0.0'),
  hardware: z.string().max(16).default('A'),
  /** Mean received signal strength at the technician's laptop, in dBm. */
  rssi: z.number().int().min(-110).max(-20),
};

const intercomSchema = z.strictObject({
  kind: z.literal('intercom'),
  ...hardwareFields,
  claimed: z.boolean(),
  setupKey: setupKeyText,
  settings: accessSettingsSchema.partial().optional(),
  /**
   * Fault injection: the intercom's event queue overflows once this process starts, and its first N events
   * (counted while a session listens) are lost: sealed, their counters used, never sent (deviceEndpoint.ts).
   */
  dropEvents: z.number().int().min(0).max(10_000).default(0),
});

const gateSchema = z.strictObject({
  kind: z.literal('gate'),
  ...hardwareFields,
  /** Fault injection: a gate whose relay link never answers the intercom. */
  fault: z.enum(['none', 'no-response']).default('none'),
});

const otherSchema = z.strictObject({
  address: z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/),
  name: z.string().max(29).optional(),
  rssi: z.number().int().min(-110).max(-20),
  serviceUuids: z.array(z.string().regex(/^[0-9a-f]{4}([0-9a-f]{28})?$/)).default([]),
  manufacturerData: z
    .string()
    .regex(/^([0-9a-f]{2})*$/)
    .optional(),
});

export const siteSchema = z
  .strictObject({
    version: z.literal(1),
    name: z.string().min(1).max(64),
    users: z.array(z.strictObject({ userId: userIdSchema, role: roleSchema, key: base64Key(32) })).min(1),
    devices: z.array(z.discriminatedUnion('kind', [intercomSchema, gateSchema])).min(1),
    others: z.array(otherSchema).default([]),
    radio: z
      .strictObject({
        connectionIntervalMs: z.number().min(0).max(4000).default(15),
        advertisingIntervalMs: z.number().min(1).max(10240).default(100),
        mtu: z.number().int().min(23).max(517).default(247),
      })
      .prefault({}),
  })
  .superRefine((site, ctx) => {
    const ids = site.devices.map((d) => d.deviceId);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['devices', i, 'deviceId'], message: `duplicate device id ${id}` });
    });
    if (!site.users.some((u) => u.role === 'owner')) ctx.addIssue({ code: 'custom', path: ['users'], message: 'a site needs an owner user' });
  });

export type Site = z.infer<typeof siteSchema>;
export type SiteDevice = Site['devices'][number];
export type SiteIntercom = Extract<SiteDevice, { kind: 'intercom' }>;
export type SiteGate = Extract<SiteDevice, { kind: 'gate' }>;

/** Validates a parsed site; throws FlussError INVALID_ARGUMENT naming the first problem and its path. */
export function parseSite(value: unknown, origin = 'site file'): Site {
  const parsed = siteSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new FlussError('INVALID_ARGUMENT', `The ${origin} is not valid${where}: ${issue?.message ?? 'unknown problem'}.`, 'Fix the file or run without a file to use the built-in demo site.');
}

/** Loads a site file, or the built-in demo site when no path is given. */
export function loadSite(path?: string): Site {
  if (path === undefined) return parseSite(DEMO_SITE, 'built-in demo site');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FlussError('IO_ERROR', `Cannot read the site file ${path}.`, 'Check the path and permissions.', { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FlussError('INVALID_ARGUMENT', `The site file ${path} is not valid JSON.`, 'Fix the file.', { cause: error });
  }
  return parseSite(json, `site file ${path}`);
}
