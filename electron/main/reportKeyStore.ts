/**
 * The desktop app's report-signing key, kept like its device keys (persistence.ts): the private key
 * encrypted with safeStorage (the OS keychain's key) under the store's "reportSigningKey", never in
 * plaintext. Where safeStorage cannot really encrypt (Linux's basic_text), the key lives in memory for
 * this run only, and a notice says so: reports are still signed, with a key that changes next start.
 */
import { z } from 'zod';
import { generateSigningKey, signingKeyFrom, type SigningKey, type SigningKeySource } from '../report/signingKey';
import type { KeyValueStore, StringCipher } from './persistence';

const storedSchema = z.strictObject({ publicKey: z.string(), fingerprint: z.string(), sealed: z.string() });

export function safeReportKey(store: KeyValueStore, cipher: StringCipher): SigningKeySource {
  const notices: string[] = [];
  let key: SigningKey | undefined;
  return {
    notices,
    get() {
      if (key) return key;
      const stored = storedSchema.safeParse(store.get('reportSigningKey'));
      const readable = cipher.canDecrypt ? cipher.canDecrypt() : cipher.isEncryptionAvailable();
      if (stored.success && readable) {
        try {
          key = signingKeyFrom({ pkcs8: cipher.decryptString(Buffer.from(stored.data.sealed, 'base64')) });
          return key;
        } catch {
          notices.push('The saved report-signing key could not be opened (a profile copied from another computer?); a new key was made.');
        }
      }
      const made = generateSigningKey();
      key = made.key;
      if (cipher.isEncryptionAvailable()) {
        const sealed = cipher.encryptString(made.stored.pkcs8).toString('base64');
        store.set('reportSigningKey', { publicKey: Buffer.from(made.key.publicKey).toString('base64'), fingerprint: made.key.fingerprint, sealed });
      } else {
        notices.push(`${cipher.problem ?? "This computer's keychain cannot encrypt"}, so the report-signing key is kept in memory only: its fingerprint changes when the app restarts.`);
      }
      return key;
    },
  };
}
