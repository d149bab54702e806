/**
 * Signing and verifying report.json. The signature covers the canonical JSON of `body` (canonicalJson.ts),
 * and the body carries a digest of each of its fields, so a failed check can say which fields changed.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { canonicalJson, leaves } from './canonicalJson';
import { reportDocumentSchema, type ReportBody, type ReportDocument } from './reportSchema';
import { fingerprintOf, signBytes, verifyBytes, type SigningKey } from './signingKey';

const utf8 = (text: string) => new TextEncoder().encode(text);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The digest of each field of a body, without its own `fieldDigests`. */
export function digestFields(body: Omit<ReportBody, 'fieldDigests'> & { fieldDigests?: unknown }): Record<string, string> {
  const rest: Record<string, unknown> = { ...body };
  delete rest.fieldDigests;
  return Object.fromEntries(leaves(rest).map(([path, value]) => [path, sha256(canonicalJson(value))]));
}

export function signReport(content: Omit<ReportBody, 'fieldDigests'>, key: SigningKey): ReportDocument {
  const body: ReportBody = { ...content, fieldDigests: digestFields(content) };
  const signature = signBytes(key, utf8(canonicalJson(body)));
  return {
    body,
    signature: {
      algorithm: 'Ed25519',
      publicKey: Buffer.from(key.publicKey).toString('base64'),
      fingerprint: key.fingerprint,
      value: Buffer.from(signature).toString('base64'),
    },
  };
}

export type VerifyOutcome =
  /** The file is not JSON, or not a report: exit 2. */
  | { status: 'malformed'; message: string }
  | { status: 'intact'; fingerprint: string; document: ReportDocument }
  /** The signature fails, or does not come from the expected key: exit 1. */
  | { status: 'changed'; fingerprint: string; reasons: string[]; changedFields: string[] };

/**
 * Checks a report file's text. `expectedFingerprint` (from the technician's Preferences) also rejects a
 * report re-signed with another key: anyone can sign a forged report with a key of their own.
 */
export function verifyReportText(text: string, expectedFingerprint?: string): VerifyOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { status: 'malformed', message: `It is not JSON (${error instanceof Error ? error.message : 'unreadable'}).` };
  }
  const parsed = reportDocumentSchema.safeParse(json);
  if (!parsed.success) return { status: 'malformed', message: `It is not a commissioning report: ${describeIssues(parsed.error)}.` };
  const document = parsed.data;
  const publicKey = new Uint8Array(Buffer.from(document.signature.publicKey, 'base64'));
  const fingerprint = fingerprintOf(publicKey);
  const reasons: string[] = [];
  let changedFields: string[] = [];
  if (document.signature.fingerprint !== fingerprint) {
    reasons.push(`the fingerprint written in the report (${document.signature.fingerprint}) is not that of the key it carries (${fingerprint})`);
  }
  const signed = verifyBytes(publicKey, utf8(canonicalJson(document.body)), new Uint8Array(Buffer.from(document.signature.value, 'base64')));
  if (!signed) {
    reasons.push('signature does not match: the report was changed after signing');
    changedFields = compareDigests(document.body);
    if (changedFields.length === 0) reasons.push('every field matches its digest, so the digests or the signature themselves were changed');
  }
  if (expectedFingerprint !== undefined && normalise(expectedFingerprint) !== normalise(fingerprint)) {
    reasons.push(`it is signed by key ${fingerprint}, not by the expected key ${expectedFingerprint}`);
  }
  return reasons.length === 0 ? { status: 'intact', fingerprint, document } : { status: 'changed', fingerprint, reasons, changedFields };
}

/** The fields whose digest differs from the one recorded at signing, or that were added or removed. */
function compareDigests(body: ReportBody): string[] {
  const now = digestFields(body);
  const then = body.fieldDigests;
  const paths = new Set([...Object.keys(now), ...Object.keys(then)]);
  return [...paths].filter((p) => now[p] !== then[p]).sort();
}

function normalise(fingerprint: string): string {
  return fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`)
    .join('; ');
}
