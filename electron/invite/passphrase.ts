/**
 * The one-time passphrase an invite is sealed under: five groups of four characters from Crockford's
 * base32 alphabet (no i, l, o, u), 100 random bits, shown once to the owner, who tells it to the shared
 * user by another way than the file (spoken, or a message on another channel).
 */
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 5;
const GROUP_LENGTH = 4;

export function newInvitePassphrase(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET.charAt(randomInt(ALPHABET.length));
    groups.push(group);
  }
  return groups.join('-');
}

/**
 * What is typed, as the key derivation sees it: case, spaces and dashes do not matter, and the letters
 * people confuse with digits read as those digits (Crockford: o -> 0, i and l -> 1).
 */
export function normalizePassphrase(typed: string): string {
  return typed
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
}
