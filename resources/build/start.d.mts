/** Types of start.mjs, for its test (test/packaging/start.test.ts). */
export interface StartSteps {
  installed: () => { path: string } | { why: string };
  download: () => Promise<{ ok: true } | { ok: false; reason: string }>;
  launch: () => Promise<number>;
  write: (text: string) => void;
}
export const OFFLINE_HINT: string;
export function start(steps: StartSteps): Promise<number>;
export function downloadFailure(stderr: string, exitCode: number | null): string;
