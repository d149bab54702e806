import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The names and contents of every file in `dir` and its subfolders, for grepping a data folder. */
export function readFolderText(dir: string): { name: string; text: string }[] {
  const files: { name: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...readFolderText(path).map((f) => ({ name: join(name, f.name), text: f.text })));
    else files.push({ name, text: readFileSync(path).toString('latin1') });
  }
  return files;
}

/** The spellings a 32-byte key or a secret string could take in a file. */
export function spellings(secret: Uint8Array | string): string[] {
  if (typeof secret === 'string') return [secret];
  const bytes = Buffer.from(secret);
  return [bytes.toString('base64'), bytes.toString('hex'), bytes.toString('base64url'), bytes.toString('latin1')];
}
