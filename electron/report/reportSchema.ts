/**
 * The commissioning report as a document (report.json): a `body` with what was proven, and an Ed25519
 * `signature` over the canonical JSON of that body. The body also carries a SHA-256 digest of each of
 * its fields (`fieldDigests`), inside what is signed, so that `fluss report verify` can name the fields
 * that changed when the signature no longer matches.
 *
 * The schema checks structure, not device rules: a report whose Max Users was edited from 5 to 7 must
 * still parse, so that verify can say "settings.maxUsers changed" rather than "malformed".
 */
import { z } from 'zod';

export const REPORT_FORMAT = 'fluss-commissioning-report';
export const REPORT_VERSION = 1;

const text = (max: number) => z.string().max(max);
const deviceId = text(32);

const deviceIdentity = z.strictObject({
  name: text(64),
  deviceId,
  serial: text(64),
  model: text(64),
  firmware: text(32),
  hardware: text(32),
});
export type ReportDevice = z.infer<typeof deviceIdentity>;

const gateRef = z.strictObject({ deviceId, name: text(64) });

export const reportStepSchema = z.strictObject({
  id: text(32),
  label: text(120),
  status: z.enum(['pending', 'running', 'passed', 'failed', 'skipped']),
  durationMs: z.number().int().min(0).optional(),
  detail: text(300).optional(),
  error: z.strictObject({ code: text(40), message: text(300), hint: text(300).optional() }).optional(),
});
export type ReportStep = z.infer<typeof reportStepSchema>;

export const reportBodySchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  version: z.literal(REPORT_VERSION),
  /** When the report was made (ISO 8601, UTC). */
  createdAt: text(40),
  site: z.strictObject({ name: text(64), technician: text(64) }),
  intercom: deviceIdentity,
  /** As read back from the intercom after the test-fire. */
  settings: z.strictObject({
    entryDevice: gateRef.nullable(),
    exitDevice: z.union([z.literal('same'), gateRef]),
    maxUsers: z.number().int(),
    inviteDurationHours: z.number().int(),
    revision: z.number().int().min(0),
  }),
  gates: z.array(deviceIdentity.extend({ role: z.enum(['entry', 'exit', 'entry and exit']) })).max(8),
  testFire: z.strictObject({
    passed: z.boolean(),
    startedAt: text(40),
    totalMs: z.number().int().min(0),
    mode: z.enum(['diagnostic', 'manual']),
    steps: z.array(reportStepSchema).max(20),
  }),
  codes: z.strictObject({
    /** Test codes the test-fire could not remove: must be 0. */
    leftActiveByTest: z.number().int().min(0),
    /** Codes active on the intercom when the report was made (codes guests hold, not the test's). */
    activeOnDevice: z.number().int().min(0),
  }),
  app: z.strictObject({ name: text(64), version: text(32), bluetooth: text(120) }),
  /** path -> hex SHA-256 of the canonical JSON of that field's value (canonicalJson.ts, leaves()). */
  fieldDigests: z.record(text(200), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type ReportBody = z.infer<typeof reportBodySchema>;

export const reportSignatureSchema = z.strictObject({
  algorithm: z.literal('Ed25519'),
  /** The installation's public key, raw 32 bytes as base64. */
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'an Ed25519 public key is 32 bytes of base64'),
  /** Shown in Preferences: the first 16 bytes of SHA-256 of the public key, as hex groups. */
  fingerprint: text(64),
  /** Ed25519 over the UTF-8 canonical JSON of `body`, as base64 (64 bytes). */
  value: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'an Ed25519 signature is 64 bytes of base64'),
});

export const reportDocumentSchema = z.strictObject({ body: reportBodySchema, signature: reportSignatureSchema });
export type ReportDocument = z.infer<typeof reportDocumentSchema>;
