import { describe, expect, it } from 'vitest';
import { guestMessage, localExpiry } from '../../renderer/src/store/codesSlice';

describe('the message for a guest', () => {
  it('names the intercom, the digits, the rule and the end time today or tomorrow', () => {
    const now = new Date(2026, 11, 2, 9, 0).getTime();
    const today = new Date(2026, 11, 2, 21, 0).getTime();
    const time = new Date(today).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    expect(guestMessage('Front Door', '1234', today, now)).toBe(`Your code for Front Door is 1234. It works once to enter and once to leave, until ${time} today.`);
    expect(guestMessage('Front Door', '1234', today + 86_400_000, now)).toMatch(/tomorrow\.$/);
  });

  it("reads the end time on this computer's clock when the device's runs ahead", () => {
    expect(localExpiry(10_000_000, { deviceNow: 9_000_000, fetchedAt: 1_000 })).toBe(1_001_000);
  });
});
