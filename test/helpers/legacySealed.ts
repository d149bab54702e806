/**
 * Writes a file exactly as versions before issue 9 did (`fluss-sealed-v1`: AES-256-GCM under a random
 * key in a sibling `.key` file), so the tests can prove such files are migrated without loss.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

export function writeLegacySealedFile(path: string, content: { plain: unknown; secret: unknown }): Buffer {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(content.secret), 'utf8'), cipher.final()]);
  const sealed = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
  writeFileSync(`${path}.key`, key.toString('base64'), { mode: 0o600 });
  writeFileSync(path, JSON.stringify({ format: 'fluss-sealed-v1', plain: content.plain, sealed }, null, 2), { mode: 0o644 });
  return key;
}
