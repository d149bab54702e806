import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseRadio } from '../../electron/main/radio';
import { memoryCredentials, tempDir } from '../helpers/demo';

describe('the app’s radio', () => {
  it('with no usable Bluetooth adapter, opens the simulated site and says why, with what to do', async () => {
    // This machine has no adapter (and no BlueZ), as a technician's laptop with Bluetooth off would.
    const { environment, adapterProblem } = await chooseRadio({ statePath: join(tempDir(), 'state.json'), credentials: memoryCredentials() });
    try {
      expect(environment.siteName).toBe('Demo site');
      expect(environment.transport.name).toBe('sim');
      expect(adapterProblem).toMatchObject({ code: 'ADAPTER_UNAVAILABLE', message: expect.stringMatching(/simulated site is open instead/) as string });
      expect(adapterProblem?.hint).toBeTruthy();
    } finally {
      await environment.close();
    }
  }, 15_000);
});
