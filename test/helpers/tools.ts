import { spawnSync } from 'node:child_process';

/**
 * Whether an external tool (pdftotext, tshark) is installed. Under CI a missing tool fails the test that
 * needs it (common rules: the suite must not silently shrink); elsewhere the test is skipped, saying why.
 */
export function toolAvailable(command: string, packageName: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
  if (found) return true;
  const why = `${command} is missing: these tests need it (apt-get install -y ${packageName}).`;
  if (process.env.CI) throw new Error(why);
  console.warn(`Skipping: ${why}`);
  return false;
}
