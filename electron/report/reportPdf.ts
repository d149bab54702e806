/**
 * report.pdf: the customer's copy of a signed report, made with pdf-lib (loaded only when a report is
 * made, so `fluss --help` never pays for it). One or two A4 pages: who, where and when; the intercom;
 * its One Time Access Settings as read back; the gates; every test-fire step; the codes left active;
 * and, on every page, the key fingerprint and how to verify report.json.
 */
import { PDFDocument, StandardFonts, type PDFPage } from 'pdf-lib';
import type { ReportDocument } from './reportSchema';
import { A4, COLORS, MARGIN, PageCursor, printable, type Fonts } from './pdfLayout';

const RESULT_TEXT = { pending: 'Not run', running: 'Stopped', passed: 'Passed', failed: 'Failed', skipped: 'Skipped' } as const;

export async function renderReportPdf(document: ReportDocument, options: { timeZone?: string } = {}): Promise<Uint8Array> {
  const { body, signature } = document;
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Commissioning report: ${body.intercom.name}`);
  pdf.setSubject(`${body.site.name}, ${body.intercom.name}`);
  pdf.setAuthor(body.site.technician);
  pdf.setCreator(`${body.app.name} ${body.app.version}`);
  pdf.setProducer(body.app.name);
  pdf.setCreationDate(new Date(body.createdAt));
  const fonts: Fonts = { regular: await pdf.embedFont(StandardFonts.Helvetica), bold: await pdf.embedFont(StandardFonts.HelveticaBold) };
  const when = formatDate(body.createdAt, options.timeZone);

  const cursor = new PageCursor(pdf, fonts, (page, number) => pageHeader(page, fonts, body.intercom.name, body.testFire.passed, number));

  cursor.facts([
    ['Site', body.site.name],
    ['Technician', body.site.technician],
    ['Date', when],
    ['Intercom', body.intercom.name],
  ]);
  cursor.y -= 4;
  cursor.text(summary(document), { size: 10, gap: 2 });

  cursor.heading('Intercom');
  cursor.facts([
    ['Name', body.intercom.name],
    ['Device id', body.intercom.deviceId],
    ['Serial number', body.intercom.serial],
    ['Model', body.intercom.model],
    ['Firmware', body.intercom.firmware],
    ['Hardware', body.intercom.hardware],
  ]);

  cursor.heading('One Time Access Settings (read back from the intercom)');
  const s = body.settings;
  cursor.facts([
    ['Entry Device', s.entryDevice ? `${s.entryDevice.name} (${s.entryDevice.deviceId})` : 'None chosen'],
    ['Exit Device', s.exitDevice === 'same' ? 'Same as entry' : `${s.exitDevice.name} (${s.exitDevice.deviceId})`],
    ['Max Users', String(s.maxUsers)],
    ['Invite Duration', `${s.inviteDurationHours} ${s.inviteDurationHours === 1 ? 'hour' : 'hours'}`],
  ]);

  cursor.heading('Gates');
  if (body.gates.length === 0) cursor.text('No gate answered when the report was made.', { color: COLORS.muted });
  else {
    const w = cursor.contentWidth;
    cursor.table(
      [
        { header: 'Role', width: w * 0.15 },
        { header: 'Name', width: w * 0.22 },
        { header: 'Device id', width: w * 0.19 },
        { header: 'Serial number', width: w * 0.18 },
        { header: 'Model', width: w * 0.14 },
        { header: 'Firmware', width: w * 0.12 },
      ],
      body.gates.map((g) => [capitalise(g.role), g.name, g.deviceId, g.serial, g.model, g.firmware]),
    );
  }

  cursor.heading(`Test-fire: ${body.testFire.passed ? 'passed' : 'FAILED'}`);
  const w = cursor.contentWidth;
  const steps = body.testFire.steps;
  cursor.table(
    [
      { header: '#', width: w * 0.05, align: 'right' },
      { header: 'Step', width: w * 0.34 },
      { header: 'Result', width: w * 0.1 },
      { header: 'Time', width: w * 0.09, align: 'right' },
      { header: 'Detail', width: w * 0.42 },
    ],
    steps.map((step, i) => [
      String(i + 1),
      step.label,
      RESULT_TEXT[step.status],
      step.durationMs === undefined ? '' : `${(step.durationMs / 1000).toFixed(2)} s`,
      step.error ? `${step.error.message}${step.error.hint ? ` ${step.error.hint}` : ''}` : (step.detail ?? ''),
    ]),
    (row, col) => (col === 2 ? (steps[row]?.status === 'passed' ? COLORS.pass : steps[row]?.status === 'failed' ? COLORS.fail : COLORS.muted) : undefined),
  );
  cursor.text(`Started ${formatDate(body.testFire.startedAt, options.timeZone)}; took ${(body.testFire.totalMs / 1000).toFixed(1)} s in all (${body.testFire.mode === 'manual' ? 'code typed at the keypad by a person' : "code entered through the intercom's diagnostic keypad entry"}).`, { size: 8.5, color: COLORS.muted });

  cursor.heading('Codes');
  cursor.facts(
    [
      ['Test codes left active', String(body.codes.leftActiveByTest)],
      ['Active codes on the intercom', String(body.codes.activeOnDevice)],
    ],
    130,
  );
  if (body.codes.leftActiveByTest > 0) {
    cursor.text('The test code could not be removed: revoke it under Active codes on the Device Details page (or with fluss codes revoke).', { bold: true, color: COLORS.fail });
  }

  cursor.heading('Signature');
  cursor.text(
    `This PDF is the printable copy of report.json, the signed record delivered with it (Ed25519, by the key of the technician's installation: fingerprint ${signature.fingerprint}, shown under Preferences). To check it is unchanged: fluss report verify report.json --fingerprint "${signature.fingerprint}"`,
    { size: 9 },
  );

  const total = cursor.pages.length;
  cursor.pages.forEach((page, i) => pageFooter(page, fonts, `${body.app.name} ${body.app.version}`, signature.fingerprint, i + 1, total));
  return pdf.save();
}

/** One sentence a customer reads first. */
function summary({ body }: ReportDocument): string {
  const entry = body.settings.entryDevice?.name;
  const exit = body.settings.exitDevice === 'same' ? entry : body.settings.exitDevice.name;
  const left = body.codes.leftActiveByTest === 0 ? 'No test code was left active.' : 'The test code was NOT removed: see Codes below.';
  if (body.testFire.passed) {
    return `Test-fire passed: a one-time code opened ${entry ?? 'the Entry Device'} to enter and ${exit ?? 'the Exit Device'} to leave, and was refused when used a third time. ${left}`;
  }
  const failed = body.testFire.steps.find((s) => s.status === 'failed');
  return `Test-fire failed${failed ? ` at "${failed.label}"` : ''}: the site is not yet proven to work. ${left}`;
}

function pageHeader(page: PDFPage, fonts: Fonts, intercom: string, passed: boolean, pageNumber: number): number {
  const bandHeight = pageNumber === 1 ? 78 : 44;
  page.drawRectangle({ x: 0, y: A4.height - bandHeight, width: A4.width, height: bandHeight, color: COLORS.band });
  if (pageNumber === 1) {
    page.drawText('FLUSS+ COMMISSIONER', { x: MARGIN, y: A4.height - 26, size: 8.5, font: fonts.bold, color: COLORS.white });
    page.drawText('Commissioning report', { x: MARGIN, y: A4.height - 54, size: 22, font: fonts.bold, color: COLORS.white });
  } else {
    page.drawText(printable(`Commissioning report: ${intercom} (continued)`, fonts.bold), { x: MARGIN, y: A4.height - 28, size: 12, font: fonts.bold, color: COLORS.white });
  }
  // The result as a badge on the band, where a customer looks first.
  const label = passed ? 'PASSED' : 'FAILED';
  const size = pageNumber === 1 ? 13 : 10;
  const width = fonts.bold.widthOfTextAtSize(label, size) + 22;
  const height = size + 12;
  const x = A4.width - MARGIN - width;
  const y = A4.height - bandHeight / 2 - height / 2;
  page.drawRectangle({ x, y, width, height, color: passed ? COLORS.pass : COLORS.fail, borderColor: COLORS.white, borderWidth: 1 });
  page.drawText(label, { x: x + 11, y: y + 7, size, font: fonts.bold, color: COLORS.white });
  return A4.height - bandHeight - 22;
}

function pageFooter(page: PDFPage, fonts: Fonts, app: string, fingerprint: string, number: number, total: number): void {
  page.drawLine({ start: { x: MARGIN, y: 44 }, end: { x: A4.width - MARGIN, y: 44 }, thickness: 0.5, color: COLORS.rule });
  page.drawText(`Signing key ${fingerprint}`, { x: MARGIN, y: 31, size: 7.5, font: fonts.regular, color: COLORS.muted });
  const right = `${app} - page ${number} of ${total}`;
  page.drawText(right, { x: A4.width - MARGIN - fonts.regular.widthOfTextAtSize(right, 7.5), y: 31, size: 7.5, font: fonts.regular, color: COLORS.muted });
}

function formatDate(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', ...(timeZone ? { timeZone } : {}) }).format(date);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
