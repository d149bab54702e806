/** docs/protocol.md must stay true to the code: its numbers are checked here. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guessRisk, ISSUABLE_CODE_COUNT, KEYPAD_HARD_BUDGET, TRIVIAL_CODE_COUNT } from '../../electron/firmware/guessRisk';
import { MAX_USERS_OPTIONS } from '../../electron/protocol/accessRules';
import { PROFILES } from '../../electron/protocol/gattProfile';

const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');

describe('docs/protocol.md', () => {
  it('states the code space and hard budget the firmware uses', () => {
    expect(doc).toContain(`N = ${ISSUABLE_CODE_COUNT}`);
    expect(doc).toContain(`${TRIVIAL_CODE_COUNT} codes in all`);
    expect(doc).toContain(`B = ${KEYPAD_HARD_BUDGET}`);
  });

  it('gives the guessing risk for each Max Users option as guessRisk computes it', () => {
    for (const maxUsers of MAX_USERS_OPTIONS) {
      const risk = guessRisk(maxUsers);
      const percent = (risk * 100).toPrecision(2);
      expect(doc).toMatch(new RegExp(`\\| ${maxUsers} \\| ${percent.replace('.', '\\.')} % \\(1 in ${Math.round(1 / risk)}\\) \\|`));
    }
  });

  it('lists every characteristic UUID of the profile', () => {
    for (const profile of Object.values(PROFILES)) {
      for (const uuid of Object.values(profile)) expect(doc.replace(/-/g, '')).toContain(uuid);
    }
  });
});
