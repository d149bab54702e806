/**
 * One report from one test-fire: build the body, sign it, render the PDF. What the CLI and the app's
 * services both call once they hold a test-fire report and the facts read from the devices.
 */
import type { TestFireReport } from '../core/testFire';
import { buildReportBody, type ReportFacts, type ReportMeta } from './buildReport';
import { renderReportPdf } from './reportPdf';
import type { ReportDocument } from './reportSchema';
import { signReport } from './signReport';
import type { SigningKey } from './signingKey';

export interface MadeReport {
  document: ReportDocument;
  /** report.json's text (indented for people; the signature covers the canonical form, not this one). */
  json: string;
  pdf: Uint8Array;
}

export async function makeReport(facts: ReportFacts, testFire: TestFireReport, meta: ReportMeta, key: SigningKey): Promise<MadeReport> {
  const document = signReport(buildReportBody(facts, testFire, meta), key);
  return { document, json: `${JSON.stringify(document, null, 2)}\n`, pdf: await renderReportPdf(document) };
}
