/**
 * The report-signing key in a sealed file (the CLI and the browser host): the private key in the sealed
 * part (under the OS keychain's key or FLUSS_PASSPHRASE, file mode 0600, sealedJsonFile.ts), the public
 * key and fingerprint in the plain part so support can read which key a laptop signs with. Without a
 * keychain or passphrase the key lives in this process's memory only, and `notice` says so.
 */
import { z } from 'zod';
import { FlussError } from '../protocol/errors';
import { defaultKeyProtection, type KeyProtection } from '../storage/keyProtection';
import { SealedJsonFile } from '../storage/sealedJsonFile';
import { generateSigningKey, signingKeyFrom, type SigningKey, type SigningKeySource } from './signingKey';

const plainSchema = z.strictObject({ version: z.literal(1), publicKey: z.string(), fingerprint: z.string() });
const secretSchema = z.strictObject({ pkcs8: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/) });

export function reportKeyFile(path: string, protection: KeyProtection = defaultKeyProtection()): SigningKeySource {
  const file = new SealedJsonFile(path, protection);
  let key: SigningKey | undefined;
  const notices =
    protection.mode === 'memory'
      ? ['The report-signing key is kept in memory only (no keychain, no FLUSS_PASSPHRASE): reports are signed, but with a key that changes on the next run.']
      : [];
  return {
    notices,
    get() {
      if (key) return key;
      const loaded = file.load(({ plain, secret }) => {
        plainSchema.parse(plain);
        return signingKeyFrom(secretSchema.parse(secret));
      });
      if (loaded.status === 'loaded') {
        key = loaded.value;
        return key;
      }
      if (loaded.status === 'set-aside') {
        // A fresh key is made below; reports signed with the old one still verify with the key they carry.
        notices.push(`The report-signing key file was unreadable (${loaded.reason}); it was moved to ${loaded.setAsidePath} and a new key was made.`);
      }
      const made = generateSigningKey();
      try {
        file.save({ plain: { version: 1, publicKey: Buffer.from(made.key.publicKey).toString('base64'), fingerprint: made.key.fingerprint }, secret: made.stored });
      } catch (error) {
        throw error instanceof FlussError ? error : new FlussError('IO_ERROR', `Cannot store the report-signing key in ${path}.`, 'Check the data folder is writable.', { cause: error });
      }
      key = made.key;
      return key;
    },
  };
}
