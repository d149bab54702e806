/**
 * Writing report.pdf and report.json into a folder without losing anything: the folder is checked before
 * any radio work (it exists or can be made, it is writable, it holds no earlier report unless replacing
 * is asked for); each file is written to a temporary name and renamed, so a failure leaves either the
 * old file or the new one, never half of one; and if writing fails after the test-fire ran, the report
 * goes to a fallback folder in the data folder and the error says where.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FlussError } from '../protocol/errors';

export const REPORT_FILES = { json: 'report.json', pdf: 'report.pdf' } as const;

/** Checks (and makes) the output folder; throws IO_ERROR or INVALID_ARGUMENT saying what to do. */
export function prepareReportFolder(dir: string, options: { replace?: boolean } = {}): string {
  const folder = resolve(dir);
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new FlussError('INVALID_ARGUMENT', `${folder} is a file, not a folder.`, 'Give --out a folder for report.pdf and report.json.');
  }
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
    // access() can say yes where a write still fails (a read-only mount seen through ACLs): try one.
    const probe = join(folder, `.fluss-write-test-${randomBytes(4).toString('hex')}`);
    closeSync(openSync(probe, 'wx', 0o600));
    unlinkSync(probe);
  } catch (error) {
    throw new FlussError('IO_ERROR', `Cannot write to ${folder} (${describe(error)}); nothing was tested or written.`, 'Choose a folder you can write to (for example in your home folder) and run again.', { cause: error });
  }
  const existing = Object.values(REPORT_FILES).filter((f) => existsSync(join(folder, f)));
  if (existing.length > 0 && options.replace !== true) {
    throw new FlussError('INVALID_ARGUMENT', `${folder} already holds ${existing.join(' and ')}; it was left as it was.`, 'Choose another folder for this report, or add --replace to overwrite the earlier one.');
  }
  return folder;
}

/** Writes both files atomically (the JSON first: it is the signed record). Returns their paths. */
export function writeReportFiles(folder: string, json: string, pdf: Uint8Array): { json: string; pdf: string } {
  const paths = { json: join(folder, REPORT_FILES.json), pdf: join(folder, REPORT_FILES.pdf) };
  try {
    mkdirSync(folder, { recursive: true });
    writeAtomically(paths.json, new TextEncoder().encode(json));
    writeAtomically(paths.pdf, pdf);
  } catch (error) {
    throw new FlussError('IO_ERROR', `Cannot write the report to ${folder} (${describe(error)}).`, 'Choose a folder you can write to and save again.', { cause: error });
  }
  return paths;
}

/**
 * Writes to `folder`, or when that fails to `fallbackFolder` (made fresh), so a report of a test that
 * already ran is never lost. The error names where the report went.
 */
export function writeReportOrFallback(folder: string, fallbackFolder: string, json: string, pdf: Uint8Array): { json: string; pdf: string } {
  try {
    return writeReportFiles(folder, json, pdf);
  } catch (error) {
    try {
      writeReportFiles(fallbackFolder, json, pdf);
    } catch {
      throw error;
    }
    const reason = describe(error instanceof FlussError && error.cause !== undefined ? error.cause : error);
    throw new FlussError('IO_ERROR', `Cannot write the report to ${folder} (${reason}); it was saved in ${fallbackFolder} instead.`, `Copy report.pdf and report.json from ${fallbackFolder}.`, { cause: error });
  }
}

function writeAtomically(path: string, bytes: Uint8Array): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // the temp file may already be gone
    }
    throw error;
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the disk is read-only';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'ENOENT') return 'the folder does not exist';
  return error instanceof Error ? error.message.slice(0, 120) : 'unknown error';
}
