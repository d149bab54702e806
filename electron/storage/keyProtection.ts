/**
 * How sealed files get their key-encryption key (KEK), chosen once per process (issue 9, finding 2):
 *
 * 1. `FLUSS_PASSPHRASE` set: the KEK is derived from it with scrypt (a fresh salt per file, kept in the
 *    file). For computers without a keychain, e.g. CI and headless benches.
 * 2. Else, unless `FLUSS_KEYCHAIN=off`: the OS keychain (keychain.ts), if it can really store a secret.
 * 3. Else nothing is written: keys and code digits stay in this process's memory, and the shells say so
 *    in one line. There is never a key file beside the data: whoever copies the folder would have it.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { FlussError } from '../protocol/errors';
import { keychainProblem, osKeychain, type Keychain } from './keychain';

export type KeyProtection =
  | { mode: 'keychain'; keychain: Keychain }
  | { mode: 'passphrase'; deriveKey: (salt: Buffer, params: ScryptParams) => Buffer; saltForNewFile: () => Buffer }
  | { mode: 'memory'; reason: string };

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's floor for scrypt is N=2^17 with r=8; 2^15 keeps a CLI run under ~100 ms on a slow laptop
 * while still costing a guesser 32 MiB and tens of milliseconds per try. */
export const SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const MIN_PASSPHRASE_LENGTH = 8;

export function passphraseProtection(passphrase: string): KeyProtection {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new FlussError('INVALID_ARGUMENT', `FLUSS_PASSPHRASE is shorter than ${MIN_PASSPHRASE_LENGTH} characters.`, 'Choose a longer passphrase (a few words), or unset FLUSS_PASSPHRASE to use the OS keychain.');
  }
  // One derivation per salt: the simulator rewrites its state file on every change.
  const derived = new Map<string, Buffer>();
  let processSalt: Buffer | undefined;
  return {
    mode: 'passphrase',
    // A new file takes the salt this process already derived a key for (the CLI writes a state file and
    // a key file per run): one scrypt per run instead of one per file. Each file still names its salt.
    saltForNewFile() {
      processSalt ??= randomBytes(16);
      return processSalt;
    },
    deriveKey(salt, params) {
      const id = `${salt.toString('base64')}/${params.N}/${params.r}/${params.p}`;
      let key = derived.get(id);
      if (!key) {
        key = scryptSync(passphrase.normalize('NFC'), salt, 32, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 });
        derived.set(id, key);
        processSalt ??= salt;
      }
      return key;
    },
  };
}

export function keychainProtection(keychain: Keychain): KeyProtection {
  return { mode: 'keychain', keychain };
}

export function memoryProtection(reason: string): KeyProtection {
  return { mode: 'memory', reason };
}

/** Chooses the protection from the environment, as described at the top of this file. */
export function resolveKeyProtection(env: NodeJS.ProcessEnv = process.env, keychain: () => Keychain = osKeychain): KeyProtection {
  const passphrase = env.FLUSS_PASSPHRASE;
  if (passphrase !== undefined && passphrase !== '') return passphraseProtection(passphrase);
  if (env.FLUSS_KEYCHAIN === 'off') return memoryProtection('FLUSS_KEYCHAIN=off');
  const os = keychain();
  const problem = keychainProblem(os);
  return problem === undefined ? keychainProtection(os) : memoryProtection(problem);
}

let processDefault: KeyProtection | undefined;

/** The protection of this process, resolved on first use from process.env and the OS keychain. */
export function defaultKeyProtection(): KeyProtection {
  processDefault ??= resolveKeyProtection();
  return processDefault;
}

/** The one line a shell prints when nothing will be written, or undefined when keys are kept sealed. */
export function memoryOnlyStatement(protection: KeyProtection): string | undefined {
  if (protection.mode !== 'memory') return undefined;
  return `Keys and code digits are kept in memory only and are forgotten when this program ends: ${protection.reason}. Set FLUSS_PASSPHRASE, or make the OS keychain available, to keep them sealed on disk.`;
}
